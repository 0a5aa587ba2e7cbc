/** One place where two JSON values differ: its path and both sides (undefined: absent). */
export interface JsonDifference {
  path: string;
  signed: unknown;
  found: unknown;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function member(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * The paths at which `found` differs from `signed`, in the JavaScript notation people read
 * (`goods[0].quantity`), deepest first-differing point only: a changed object member is one
 * difference, not one per leaf beneath a replaced subtree. Stops after `limit` differences.
 */
export function jsonDifferences(signed: unknown, found: unknown, limit = 100): JsonDifference[] {
  const out: JsonDifference[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) walk(Object.hasOwn(a, key) ? a[key] : undefined, Object.hasOwn(b, key) ? b[key] : undefined, member(path, key));
      return;
    }
    if (!Object.is(a, b)) out.push({ path: path || '(document)', signed: a, found: b });
  };
  walk(signed, found, '');
  return out;
}

/** A value as a report shows it: JSON, shortened. */
export function showJson(value: unknown, max = 80): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
