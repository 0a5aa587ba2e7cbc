/**
 * The AWS query protocol as SNS speaks it: form-encoded parameters in (`Action=Publish&...`,
 * lists as `Name.member.N`, maps as `Name.entry.N.key/value`), XML out, errors as
 * `<ErrorResponse>`.
 */
export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export const invalidParameter = (message: string) => new SnsError('InvalidParameter', message);
export const notFound = (message: string) => new SnsError('NotFound', message, 404);

/** The parameters below one prefix, with the prefix stripped: `Attributes.entry.1.key` under `Attributes`. */
export class QueryParams {
  constructor(private readonly values: Map<string, string>) {}

  static parse(...sources: string[]): QueryParams {
    const values = new Map<string, string>();
    for (const source of sources) for (const [key, value] of new URLSearchParams(source)) values.set(key, value);
    return new QueryParams(values);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') throw invalidParameter(`Invalid parameter: ${name}`);
    return value;
  }

  under(prefix: string): QueryParams {
    const scoped = new Map<string, string>();
    for (const [key, value] of this.values) if (key.startsWith(`${prefix}.`)) scoped.set(key.slice(prefix.length + 1), value);
    return new QueryParams(scoped);
  }

  has(prefix: string): boolean {
    for (const key of this.values.keys()) if (key === prefix || key.startsWith(`${prefix}.`)) return true;
    return false;
  }

  /** `Name.member.1`, `Name.member.2`, ... until the first gap. */
  members(name: string): QueryParams[] {
    const list: QueryParams[] = [];
    for (let n = 1; this.has(`${name}.member.${n}`); n++) list.push(this.under(`${name}.member.${n}`));
    return list;
  }

  /** A string-to-string map such as `Attributes`. */
  stringMap(name: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (let n = 1; this.has(`${name}.entry.${n}`); n++) {
      const entry = this.under(`${name}.entry.${n}`);
      const key = entry.get('key');
      if (key !== undefined) result[key] = entry.get('value') ?? '';
    }
    return result;
  }
}

// ---- XML ----------------------------------------------------------------------------------

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
export const xmlEscape = (text: string) => text.replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);

/** An element; string content is escaped, arrays of already-built elements are concatenated. */
export function el(name: string, content: string | number | boolean | string[] | undefined): string {
  if (content === undefined) return '';
  const inner = Array.isArray(content) ? content.join('') : xmlEscape(String(content));
  return `<${name}>${inner}</${name}>`;
}

export function attributesXml(attributes: Record<string, string>): string[] {
  return [el('Attributes', Object.entries(attributes).map(([key, value]) => el('entry', [el('key', key), el('value', value)])))];
}

export function actionResponse(action: string, result: string[] | undefined, requestId: string): string {
  const body = result === undefined ? '' : el(`${action}Result`, result);
  return `<?xml version="1.0"?>\n<${action}Response xmlns="${SNS_XML_NAMESPACE}">${body}${el('ResponseMetadata', [el('RequestId', requestId)])}</${action}Response>\n`;
}

export function errorResponse(error: SnsError, requestId: string): string {
  return `<?xml version="1.0"?>\n<ErrorResponse xmlns="${SNS_XML_NAMESPACE}">${el('Error', [el('Type', error.type), el('Code', error.code), el('Message', error.message)])}${el('RequestId', requestId)}</ErrorResponse>\n`;
}
