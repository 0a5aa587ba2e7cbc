import type { LocalisedText } from '../domain/text.ts';
import { beijingDateTime } from '../domain/certificates/beijing-time.ts';
import { countryName } from './country-names.ts';
import { BAND, CONTENT_WIDTH, MUTED, PAGE, type PdfFlow, type TextStyle } from './pdf-layout.ts';

/** The building blocks of a certificate page: section bands and labelled bilingual fields. */

export const LABEL: TextStyle = { size: 7.5, color: MUTED };
export const LABEL_ZH: TextStyle = { size: 8, bold: true, color: MUTED };
export const VALUE: TextStyle = { size: 9 };
export const VALUE_EN: TextStyle = { size: 8, color: MUTED };
export const SMALL: TextStyle = { size: 7.5, color: MUTED };

export const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

export function both(text: LocalisedText): string {
  return text.zh === text.en ? text.zh : `${text.zh} ${text.en}`;
}

export function country(code: string): string {
  const name = countryName(code);
  return `${name.zh} ${name.en} (${code})`;
}

export function beijing(timestamp: string): string {
  const t = beijingDateTime(timestamp);
  return `${t.date} ${t.time} 北京时间 Beijing time (UTC+08:00)`;
}

export interface Field {
  label: LocalisedText;
  /** Lines of the value: Chinese (or the only) first, English after in a muted style. */
  value: string;
  en?: string;
}

/** A band with a bilingual section title. */
export function section(flow: PdfFlow, title: LocalisedText, after = 18): void {
  flow.ensure(20 + after);
  flow.gap(4);
  flow.page.drawRectangle({ x: PAGE.margin, y: flow.y - 14, width: CONTENT_WIDTH, height: 14, color: BAND });
  flow.draw(title.zh, PAGE.margin + 5, flow.y - 2, { size: 9, bold: true });
  flow.draw(title.en, PAGE.margin + 10 + flow.width(title.zh, { size: 9, bold: true }), flow.y - 3, { size: 8, color: MUTED });
  flow.gap(18);
}

/** Space the label takes: one line, or two when the English does not fit beside the Chinese. */
function labelHeight(flow: PdfFlow, label: LocalisedText, width: number): number {
  return flow.width(label.zh, LABEL_ZH) + 4 + flow.width(label.en, LABEL) <= width ? 11 : 20;
}

function fieldHeight(flow: PdfFlow, field: Field, width: number): number {
  return labelHeight(flow, field.label, width) + flow.measure(field.value, VALUE, width) + (field.en ? flow.measure(field.en, VALUE_EN, width) : 0);
}

function drawField(flow: PdfFlow, field: Field, x: number, top: number, width: number): void {
  const label = labelHeight(flow, field.label, width);
  flow.draw(field.label.zh, x, top, LABEL_ZH);
  if (label === 11) flow.draw(field.label.en, x + flow.width(field.label.zh, LABEL_ZH) + 4, top - 0.5, LABEL);
  else flow.draw(field.label.en, x, top - 9.5, LABEL);
  const valueHeight = flow.block(field.value, VALUE, x, top - label, width);
  if (field.en) flow.block(field.en, VALUE_EN, x, top - label - valueHeight, width);
}

/** Fields in `columns` columns, row by row, each row as tall as its tallest cell. */
export function fields(flow: PdfFlow, list: Field[], columns: number): void {
  const gutter = 14;
  const width = (CONTENT_WIDTH - gutter * (columns - 1)) / columns;
  for (let i = 0; i < list.length; i += columns) {
    const row = list.slice(i, i + columns);
    const height = Math.max(...row.map((f) => fieldHeight(flow, f, width)));
    flow.ensure(height + 4);
    row.forEach((f, c) => drawField(flow, f, PAGE.margin + c * (width + gutter), flow.y, width));
    flow.gap(height + 4);
  }
}
