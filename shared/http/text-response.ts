import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * CSV for spreadsheets (`Accept: text/csv`), RFC 4180: a header row, CRLF line ends, a field
 * quoted when it holds a comma, a quote, CR or LF, a quote inside doubled. UTF-8 with a byte-order
 * mark, without which Excel reads the file in the machine's ANSI code page and Chinese text comes
 * out garbled.
 */
export const UTF8_BOM = '\ufeff';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * One field. A text that a spreadsheet would take for a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe, as OWASP advises against CSV injection; numbers are written as numbers.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const line = (cells: readonly CsvCell[]) => cells.map(csvField).join(',');
  return `${UTF8_BOM}${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}

/** The client asked for CSV: `Accept` names text/csv (a browser's `*\/*` alone keeps JSON). */
export function wantsCsv(event: Pick<APIGatewayProxyEventV2, 'headers'>): boolean {
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(event.headers?.accept ?? '');
}

/** A route's text answer (a RouteResponse of api-route.ts, which imports this module). */
export interface TextResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A CSV answer, offered to be saved as `filename`. */
export function csvResponse(csv: string, filename: string): TextResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
    body: csv,
  };
}
