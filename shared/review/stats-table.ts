import type { Durations, Share, StatisticsFigures } from '../domain/statistics/figures.ts';
import type { StatsAnswer } from './stats-source.ts';

/**
 * GET /stats as a table, for CSV: one row per figure, labelled in Chinese and English, beside the
 * window and filter it was computed for. The JSON's nesting flattened into dotted keys.
 */
export const STATS_TABLE_HEADER = ['指标 / figure', '键 / key', '数值 / value', '分子 / count', '分母 / of'] as const;

type Row = [label: string, key: string, value: number | string | null, count: number | null, of: number | null];

const LABELS: Record<string, string> = {
  consignments: '结案批数 / consignments closed',
  'byStatus.released': '放行 / released',
  'byStatus.rejected': '未予放行 / rejected',
  containers: '集装箱数 / containers',
  netWeightKg: '净重（千克）/ net weight (kg)',
  importsDirectThrough: '进口直通比例 / imports direct-through',
  exportsReleasedWithoutPortAction: '出口直放比例 / exports released without port action',
  portInspection: '口岸开箱查验比例 / port inspection',
  filingToRelease: '报检至放行（秒）/ filing to release (s)',
  portDwell: '口岸停留（秒）/ port dwell (s)',
  nonconformity: '不合格率 / nonconformity',
  'escalations.count': '超时升级次数 / escalations',
  'escalations.consignments': '发生升级的批次比例 / consignments escalated',
  'returnCargo.consignments': '返程货物批数 / return cargo consignments',
  'returnCargo.containers': '返程货物集装箱数 / return cargo containers',
  'returnCargo.netWeightKg': '返程货物净重（千克）/ return cargo net weight (kg)',
  'returnCargo.ofImports': '返程货物占进口比例 / return cargo share of imports',
};

const shareRow = (key: string, s: Share): Row => [LABELS[key] ?? key, key, s.share, s.count, s.of];
const durationRows = (key: string, d: Durations): Row[] =>
  (['meanSeconds', 'medianSeconds', 'p90Seconds', 'p99Seconds'] as const).map((part) => [
    `${LABELS[key] ?? key} ${part.replace('Seconds', '')}`,
    `${key}.${part}`,
    d[part],
    d.count,
    null,
  ]);

export function statsTable(answer: StatsAnswer): Row[] {
  const s: StatisticsFigures = answer.stats;
  const filter = Object.entries(answer.filter)
    .filter(([name, value]) => value !== undefined && name !== 'from' && name !== 'to')
    .map(([name, value]) => `${name}=${String(value)}`)
    .join('; ');
  return [
    ['统计窗口（北京时间）/ window (Beijing days)', 'window', `${answer.window.from} – ${answer.window.to}`, answer.window.days, null],
    ['筛选 / filter', 'filter', filter, null, null],
    [LABELS.consignments!, 'consignments', s.consignments, null, null],
    [LABELS['byStatus.released']!, 'byStatus.released', s.byStatus.released, null, null],
    [LABELS['byStatus.rejected']!, 'byStatus.rejected', s.byStatus.rejected, null, null],
    [LABELS.containers!, 'containers', s.containers, null, null],
    [LABELS.netWeightKg!, 'netWeightKg', s.netWeightKg, null, null],
    shareRow('importsDirectThrough', s.importsDirectThrough),
    shareRow('exportsReleasedWithoutPortAction', s.exportsReleasedWithoutPortAction),
    shareRow('portInspection', s.portInspection),
    ...durationRows('filingToRelease', s.filingToRelease),
    ...durationRows('portDwell', s.portDwell),
    shareRow('nonconformity', s.nonconformity),
    [LABELS['escalations.count']!, 'escalations.count', s.escalations.count, null, null],
    shareRow('escalations.consignments', s.escalations.consignments),
    // 408号 三（三）: imports on inbound trains.
    [LABELS['returnCargo.consignments']!, 'returnCargo.consignments', s.returnCargo.consignments, null, null],
    [LABELS['returnCargo.containers']!, 'returnCargo.containers', s.returnCargo.containers, null, null],
    [LABELS['returnCargo.netWeightKg']!, 'returnCargo.netWeightKg', s.returnCargo.netWeightKg, null, null],
    shareRow('returnCargo.ofImports', s.returnCargo.ofImports),
  ];
}
