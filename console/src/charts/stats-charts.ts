/**
 * Loaded on demand: ECharts with only what the statistics page draws (bar and pie charts, SVG).
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

const FONT = "'Noto Sans SC', system-ui, sans-serif";

/** Draws `option` into `element`; returns what disposes of it. */
export function draw(element: HTMLElement, option: ChartOption): () => void {
  const chart = init(element, undefined, { renderer: 'svg' });
  chart.setOption({ textStyle: { fontFamily: FONT }, animation: false, ...option });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
