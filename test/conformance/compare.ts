import type { Json } from './case-types.ts';

/**
 * Compares what the engine returned with what the source recorded, the way LocalStack's snapshot
 * transformers let it: recorded values carry placeholders for what differs from run to run
 * (`<ArnPart_0idx>`, `timestamp`, `snf_role_arn`, the account `111111111111`), and JSON that AWS
 * returns as strings (inputs, outputs, parameters, causes) is recorded parsed.
 * Returns null when they match, else where and how they differ.
 */
export function mismatch(expected: unknown, actual: unknown, path: string, ignore: ReadonlySet<string>, placeholders: readonly string[] = []): string | null {
  if (typeof expected === 'string') return stringMismatch(expected, actual, path, ignore, placeholders);
  if (typeof actual === 'string' && expected !== null && typeof expected === 'object') {
    const parsed = parseJson(actual);
    if (parsed === undefined) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    return mismatch(withoutLambdaNoise(expected), withoutLambdaNoise(parsed), path, ignore, placeholders);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array ${show(expected)}, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items ${show(expected)}, got ${actual.length} ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(expected[i], actual[i], `${path}[${i}]`, ignore, placeholders);
      if (m) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (ignore.has(key)) continue;
      if (!(key in a)) return `${path}.${key}: missing (expected ${show(e[key])})`;
      if (REPLACED_BY_KEY_NAME.has(key) && e[key] === key) continue;
      if (REPLACED_UNDER.some((r) => r.key === key && r.value === e[key] && path.includes(r.under))) continue;
      const m = mismatch(e[key], a[key], `${path}.${key}`, ignore, placeholders);
      if (m) return m;
    }
    for (const key of Object.keys(a)) {
      if (!(key in e) && !ignore.has(key)) return `${path}.${key}: unexpected (got ${show(a[key])})`;
    }
    return null;
  }
  if (typeof expected === 'number' && typeof actual === 'number') return expected === actual ? null : `${path}: expected ${expected}, got ${actual}`;
  return Object.is(expected, actual) ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

/**
 * Keys whose whole value, of any type, LocalStack's `stepfunctions_api()` snapshot transformers
 * replace with the key's own name (JsonpathTransformer `$..x-amzn-RequestId` → "x-amzn-RequestId",
 * localstack-core/localstack/testing/snapshots/transformer_utility.py): AWS's header values are
 * lists (`["<uuid>"]`), so a recorded "x-amzn-RequestId" stands for whatever was there.
 */
const REPLACED_BY_KEY_NAME = new Set(['x-amzn-RequestId', 'x-amzn-requestid', 'X-Amzn-Trace-Id', 'x-amz-crc32']);

/** The same transformers' `$..SdkHttpMetadata..Date` → "date" and `$..SdkResponseMetadata..RequestId` → "RequestId". */
const REPLACED_UNDER = [
  { under: '.SdkHttpMetadata', key: 'Date', value: 'date' },
  { under: '.SdkResponseMetadata', key: 'RequestId', value: 'RequestId' },
];

/** Strings LocalStack writes in place of a value that changes from run to run. */
const WILDCARDS = new Set(['timestamp', 'datetime', 'date', 'time', 'start-time', 'entered-time', 'snf_role_arn', 'sfn_role_arn', 'role_arn', 'lambda_function_name']);

function stringMismatch(expected: string, actual: unknown, path: string, ignore: ReadonlySet<string>, placeholders: readonly string[]): string | null {
  if (typeof actual !== 'string') return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  if (expected === actual || WILDCARDS.has(expected) || placeholders.includes(expected)) return null;
  // A recorded cause that is a JSON document (a Lambda error) compares structurally, without
  // what a real Lambda adds (stack trace, request id).
  const e = parseJson(expected);
  const a = parseJson(actual);
  if (e !== undefined && a !== undefined && typeof e === 'object' && e !== null) {
    return mismatch(withoutLambdaNoise(e), withoutLambdaNoise(a), path, ignore, placeholders);
  }
  // A JSON string inside a string (`assignedVariables` values): compare what it holds.
  const es = parseJsonString(expected);
  const as = parseJsonString(actual);
  if (es !== undefined && as !== undefined) return stringMismatch(es, as, path, ignore, placeholders);
  if (placeholderPattern(expected, placeholders).test(actual)) return null;
  return `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function parseJsonString(text: string): string | undefined {
  if (!text.startsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function withoutLambdaNoise(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const { stackTrace: _s, requestId: _r, trace: _t, ...rest } = value as Record<string, unknown>;
  return rest;
}

const patterns = new Map<string, RegExp>();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function placeholderPattern(expected: string, placeholders: readonly string[]): RegExp {
  const key = `${expected}\u0000${placeholders.join('\u0000')}`;
  let re = patterns.get(key);
  if (!re) {
    const words = ['<[^<>\\s]+>', '111111111111', 'lambda_function_name', 'snf_role_arn', ...[...placeholders].sort((a, b) => b.length - a.length).map(escape)];
    const source = expected
      .split(new RegExp(`(${words.join('|')})`))
      .map((part, i) => (i % 2 === 1 ? (part === '111111111111' ? '\\d{12}' : '.+?') : escape(part)))
      .join('');
    re = new RegExp(`^${source}$`, 's');
    patterns.set(key, re);
  }
  return re;
}

function parseJson(text: string): Json | undefined {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return undefined;
  }
}

export function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
