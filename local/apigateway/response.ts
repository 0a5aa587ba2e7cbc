/**
 * How API Gateway turns a payload format 2.0 result into the HTTP response. A result object with
 * a `statusCode` is used as it is (headers, cookies, body, isBase64Encoded); any other JSON
 * result is the body of a 200 `application/json` response (a string as it is, anything else
 * serialised). A malformed result is API Gateway's 500.
 */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function fromPayloadV2Result(result: unknown): HttpResponse | { malformed: string } {
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body) };
  }
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return { malformed: `statusCode ${JSON.stringify(statusCode)} is not an HTTP status code` };
  }
  if (!isRecord(headers)) return { malformed: 'headers is not an object' };
  if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) return { malformed: 'cookies is not an array of strings' };
  if (body !== undefined && body !== null && typeof body !== 'string') return { malformed: 'body is not a string' };
  const outHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return { malformed: `header ${name} is not a string, number or boolean` };
    outHeaders[name.toLowerCase()] = String(value);
  }
  const text = body ?? '';
  return { statusCode, headers: outHeaders, cookies, body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text) };
}
