/**
 * Python's `json.dumps(value)` with its defaults (", " and ": " separators, `ensure_ascii`), the
 * way AWS Lambda's Python runtime serialises a handler's result. LocalStack's recorded functions
 * are Python handlers, so their stand-ins answer with these bytes and `lambda:invoke` reports the
 * Content-Length AWS recorded. Python would keep a float such as 1.0 as "1.0"; JSON read into
 * JavaScript has lost that, and no recorded case depends on it.
 */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, member]) => `${asciiString(key)}: ${pythonJsonDumps(member)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return asciiString(value);
  return JSON.stringify(value) ?? 'null';
}

function asciiString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
