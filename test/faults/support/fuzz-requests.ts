import fc from 'fast-check';
import type { JsonSchemaNode, RouteUnderTest } from './routes.ts';

/**
 * Fuzzed requests as plain data (what fast-check generates, small and printable), turned into
 * bytes on the wire only when sent (`materialise`), against the ids that exist at that moment.
 */
export type Caller =
  | 'hq'
  | 'officer:XJ'
  | 'officer:CQ'
  | 'officer:ZJ'
  | 'officer:HL'
  | 'declarant:importer'
  | 'declarant:exporter'
  | 'declarant:other'
  | 'none'
  | 'bad-token';

type Long = { long: number; ch: string };

export type Segment =
  | { kind: 'real'; pick: number; suffix: string }
  | { kind: 'unknown'; value: string }
  | { kind: 'bad'; value: string | Long };

export type QueryEntry =
  | { t: 'known'; key: number; value: QueryValue }
  | { t: 'unknown'; key: string; value: string }
  | { t: 'token'; variant: TokenVariant; pick: number; junk: string }
  | { t: 'raw'; text: string };

export type QueryValue = { t: 'valid'; pick: number } | { t: 'string'; s: string } | { t: 'long'; n: number } | { t: 'edge'; s: string };
export type TokenVariant = 'real' | 'other-listing' | 'forged' | 'random' | 'huge' | 'not-base64' | 'json-not-key' | 'json-array' | 'empty';

export type Mutation =
  | { t: 'remove' }
  | { t: 'set'; v: unknown }
  | { t: 'string'; v: string }
  | { t: 'long'; n: number; ch: string }
  | { t: 'number'; v: number }
  | { t: 'deep'; depth: number; shape: 'array' | 'object' }
  | { t: 'array'; n: number; mode: 'repeat' | 'nulls' | 'empty' }
  | { t: 'add'; k: string; v: unknown }
  | { t: 'addKnown'; k: number; v: unknown }
  | { t: 'null' }
  | { t: 'type'; to: 'array' | 'object' | 'bool' | 'number' | 'string' };

export type Body =
  | { t: 'none' }
  | { t: 'valid'; sample: number }
  | { t: 'mutated'; sample: number; mutations: Array<{ at: number; op: Mutation }> }
  | { t: 'json'; value: unknown }
  | { t: 'raw'; text: string; binary: boolean }
  | { t: 'deep'; depth: number; shape: 'array' | 'object' }
  | { t: 'huge'; size: number };

export type IdempotencyKey = { t: 'none' } | { t: 'fresh' } | { t: 'reuse'; n: number } | { t: 'edge'; v: string } | { t: 'unicode'; v: string };

export interface FuzzRequest {
  route: number;
  caller: Caller;
  /** When set, the caller is instead one whose role the route accepts (the n-th of them). */
  fitting: number | null;
  badToken: string;
  segment: Segment;
  query: QueryEntry[];
  body: Body;
  key: IdempotencyKey;
  contentType: string | null;
  /** Sent this many times at once, with the same key (a client's impatient retries). */
  burst: number | null;
}

const unicode = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength });
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ maxLength }), unicode(maxLength), fc.string({ unit: 'binary', maxLength }), fc.string({ unit: 'grapheme-ascii', maxLength }));

const EDGE_STRINGS = [
  '', ' ', '\t', '\u0000', '\u202e', '\ufeff', '\ud800', '𠀀𠀁𠀂', '😀👍🏽', 'null', 'undefined', 'NaN', '[]', '{}', '<script>alert(1)</script>',
  "' OR '1'='1", '${jndi:ldap://x/a}', '{{7*7}}', '../../etc/passwd', 'A'.repeat(65), 'CSQU3054383', 'HQ', 'hq', 'XJ ', 'xj',
  '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '+275760-09-13T00:00:00.000Z',
];
const EDGE_NUMBERS = [0, -0, -1, 1, 1.5, 0.1, 1e308, -1e308, 2 ** 31, 2 ** 32, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 5e-324, 1e21, 999999999999];
const LONG_CHARS = ['a', '中', '😀', ' ', '\\', '"', '\u0000'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ t: 'remove' as const }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('set' as const), v: fc.jsonValue({ maxDepth: 2 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('string' as const), v: fc.oneof(anyText(60), fc.constantFrom(...EDGE_STRINGS)) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('long' as const), n: fc.oneof(fc.integer({ min: 65, max: 5000 }), fc.integer({ min: 5000, max: 300_000 })), ch: fc.constantFrom(...LONG_CHARS) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('number' as const), v: fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deep' as const), depth: fc.oneof(fc.integer({ min: 10, max: 200 }), fc.integer({ min: 1000, max: 20_000 })), shape: fc.constantFrom('array' as const, 'object' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('array' as const), n: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 200, max: 6000 })), mode: fc.constantFrom('repeat' as const, 'nulls' as const, 'empty' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('add' as const), k: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', 'kind', 'id', 'version', 'status', 'pk'), fc.string({ maxLength: 12 })), v: fc.jsonValue({ maxDepth: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('addKnown' as const), k: fc.nat(), v: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant('$REAL_TRAIN')) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'null' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('type' as const), to: fc.constantFrom('array' as const, 'object' as const, 'bool' as const, 'number' as const, 'string' as const) }) },
);

const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ t: 'none' as const }) },
  { weight: 10, arbitrary: fc.record({ t: fc.constant('valid' as const), sample: fc.nat() }) },
  { weight: 45, arbitrary: fc.record({ t: fc.constant('mutated' as const), sample: fc.nat(), mutations: fc.array(fc.record({ at: fc.nat(), op: mutation }), { minLength: 1, maxLength: 4 }) }) },
  { weight: 10, arbitrary: fc.record({ t: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 4 }) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('raw' as const),
      text: fc.oneof(anyText(80), fc.constantFrom('{"direction":', '[', '{}}', 'null', '""', 'true', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"a":1,"a":2}', '\ufeff{}', '1e999999')),
      binary: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('deep' as const), depth: fc.oneof(fc.integer({ min: 100, max: 2000 }), fc.integer({ min: 2000, max: 50_000 })), shape: fc.constantFrom('array' as const, 'object' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('huge' as const), size: fc.constantFrom(100_000, 1_000_000, 6_500_000, 9_000_000, 11_000_000) }) },
);

const BAD_SEGMENTS = ['%ZZ', 'abc%ZZ', '%', '%E4%B8', '%00', '..', '%2e%2e%2f%2e%2e', '%2F', '%252F', '%C0%AE', '%20', '%u0041', ';', '%7Bid%7D', 'null', 'undefined', '__proto__', 'constructor', '-1', '0', '*', '%2A', 'arn%3Aaws%3Astates%3A', 'arn:aws:states:us-east-1:000000000000:execution:Nope:x'];

const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 14, arbitrary: fc.record({ kind: fc.constant('real' as const), pick: fc.nat(), suffix: fc.constantFrom('', '', '', '', '%20', 'x', '%ZZ', '.', '%2F') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unknown' as const), value: fc.stringMatching(/^[0-9A-Z]{26}$/) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('bad' as const),
      value: fc.oneof(
        fc.constantFrom(...BAD_SEGMENTS),
        fc.record({ long: fc.integer({ min: 129, max: 20_000 }), ch: fc.constantFrom('a', '中', '%41') }),
        unicode(40).filter((s) => s.length > 0),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
      ),
    }),
  },
);

const queryValue: fc.Arbitrary<QueryValue> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('valid' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('string' as const), s: anyText(40) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('long' as const), n: fc.integer({ min: 100, max: 9000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('edge' as const), s: fc.constantFrom(...EDGE_STRINGS, '0', '-1', '101', '1e3', '1.5', 'abc', '9'.repeat(40), '0x10', ' 5', 'true', 'false', 'TRUE') }) },
);

const queryEntry: fc.Arbitrary<QueryEntry> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('known' as const), key: fc.nat(), value: queryValue }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('unknown' as const), key: fc.oneof(fc.constantFrom('foo', '__proto__', 'constructor', 'limit[]', 'LIMIT', 'nextToken ', 'bureau[]', 'toString'), fc.string({ maxLength: 16 })), value: anyText(30) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('token' as const),
      variant: fc.constantFrom<TokenVariant>('real', 'other-listing', 'forged', 'forged', 'forged', 'random', 'huge', 'not-base64', 'json-not-key', 'json-array', 'empty'),
      pick: fc.nat(),
      junk: fc.oneof(fc.constantFrom('', ' ', '~', '\uffff', 'z'.repeat(300), '0', 'CONSIGNMENT#', 'TASK#', 'NOTIFICATION#', 'EXEC#'), unicode(20)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('raw' as const), text: fc.constantFrom('%ZZ', 'a=%ZZ', '&&&', '=', 'a=b=c', '%00=%00', 'limit=1&limit=2', 'nextToken', 'nextToken=', 'limit=%ZZ', '%E4=%B8') }) },
);

const idempotencyKey: fc.Arbitrary<IdempotencyKey> = fc.oneof(
  { weight: 40, arbitrary: fc.constant({ t: 'none' as const }) },
  { weight: 30, arbitrary: fc.constant({ t: 'fresh' as const }) },
  { weight: 12, arbitrary: fc.record({ t: fc.constant('reuse' as const), n: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('edge' as const), v: fc.constantFrom('', ' ', 'a'.repeat(256), 'k'.repeat(10_000), '\t', 'key,key', '%ZZ', '"quoted"') }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('unicode' as const), v: unicode(20).filter((s) => s.length > 0) }) },
);

const contentType = fc.oneof(
  { weight: 70, arbitrary: fc.constant('application/json') },
  { weight: 6, arbitrary: fc.constant(null) },
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'multipart/form-data; boundary=x',
      'application/xml',
      'APPLICATION/JSON',
      '*/*',
      ';;;',
    ),
  },
);

export const CALLERS: Caller[] = ['hq', 'officer:XJ', 'officer:CQ', 'officer:ZJ', 'officer:HL', 'declarant:importer', 'declarant:exporter', 'declarant:other'];

export function fuzzRequest(routeCount: number): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    route: fc.integer({ min: 0, max: routeCount - 1 }),
    caller: fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...CALLERS) }, { weight: 1, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constant('bad-token' as const) }),
    // Half the time a caller whose role the route accepts (fc.option's `freq`: 1 in freq is null).
    fitting: fc.option(fc.nat(), { freq: 2 }),
    badToken: fc.constantFrom('garbage', 'Bearer', 'Basic Zm9vOmJhcg==', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Bearer a.b.c', 'Bearer ' + 'x'.repeat(9000)),
    segment,
    query: fc.array(queryEntry, { maxLength: 5 }),
    body,
    key: idempotencyKey,
    contentType,
    // One request in 40 goes out 5–20 times at once.
    burst: fc.oneof({ weight: 39, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 20 }) }),
  });
}

/** Where a JSON value can be mutated: the root and every member and element, as paths. */
export function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  return paths;
}

const PLACEHOLDER = '\u0001';
const placeholder = (what: string) => `${PLACEHOLDER}${what}${PLACEHOLDER}`;

/**
 * What the long strings of one body add up to at most: above the API's 10 MB limit (so 413s are
 * still reached) yet far from what one process can hold, however many of them a mutation copied.
 */
const MAX_LONG_CHARACTERS = 12_000_000;

/** A JSON value with every placeholder of a long string or deep nesting expanded, as text. */
export function serialise(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  let budget = MAX_LONG_CHARACTERS;
  return text.replace(/"\\u0001(LONG|DEEP):([^"\\]*)\\u0001"/g, (_, kind: string, spec: string) => {
    if (kind === 'LONG') {
      const [n, ch] = spec.split('~');
      const piece = decodeURIComponent(ch ?? 'a');
      const count = Math.max(0, Math.min(Number(n) || 0, Math.floor(budget / piece.length)));
      budget -= count * piece.length;
      return JSON.stringify(piece.repeat(count));
    }
    const [depth, shape] = spec.split('~');
    return deep(Number(depth), shape === 'object' ? 'object' : 'array');
  });
}

export function deep(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

export const longString = (n: number, ch: string) => placeholder(`LONG:${n}~${encodeURIComponent(ch)}`);
export const deepValue = (depth: number, shape: string) => placeholder(`DEEP:${depth}~${shape}`);

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function setAt(root: unknown, path: Array<string | number>, apply: (current: unknown) => unknown | typeof REMOVE): unknown {
  if (path.length === 0) {
    const next = apply(root);
    return next === REMOVE ? undefined : next;
  }
  let parent = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const next = apply(parent[last]);
  if (next === REMOVE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = next;
  }
  return root;
}

const REMOVE = Symbol('remove');

/** Applies the mutations to a copy of a valid sample. */
export function mutate(sample: unknown, mutations: Array<{ at: number; op: Mutation }>, route: RouteUnderTest, realTrain: string | undefined): unknown {
  let value = clone(sample);
  for (const { at, op } of mutations) {
    const paths = pathsOf(value);
    const path = paths[at % paths.length]!;
    value = setAt(value, path, (current) => {
      switch (op.t) {
        case 'remove':
          return REMOVE;
        case 'set':
          return op.v;
        case 'string':
          return op.v;
        case 'long':
          return longString(op.n, op.ch);
        case 'number':
          return op.v;
        case 'deep':
          return deepValue(op.depth, op.shape);
        case 'array':
          return op.mode === 'empty' ? [] : Array.from({ length: op.n }, () => (op.mode === 'nulls' ? null : clone(Array.isArray(current) ? current[0] : current)));
        case 'null':
          return null;
        case 'type':
          return { array: [current], object: { value: current }, bool: true, number: 42, string: JSON.stringify(current) ?? '' }[op.to];
        case 'add':
        case 'addKnown': {
          const target = current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : undefined;
          if (!target) return current;
          const known = Object.keys(route.bodyProperties);
          const key = op.t === 'add' ? op.k : known.length > 0 ? known[op.k % known.length]! : 'extra';
          const v = op.v === '$REAL_TRAIN' ? (realTrain ?? 'X0000-20300101') : op.v;
          // Through defineProperty, so that `__proto__` becomes an own member in the JSON text.
          Object.defineProperty(target, key, { value: v, enumerable: true, configurable: true, writable: true });
          return target;
        }
      }
    });
  }
  return value;
}

/** A query value the route's schema would accept, when the schema says enough. */
export function validQueryValue(schema: JsonSchemaNode | undefined, pick: number, now: number): string {
  if (!schema) return 'x';
  const options = schema.enum ?? schema.anyOf?.flatMap((s) => s.enum ?? (s.const !== undefined ? [s.const] : []));
  if (options && options.length > 0) return String(options[pick % options.length]);
  if (schema.format === 'date') return new Date(now + ((pick % 60) - 30) * 86_400_000).toISOString().slice(0, 10);
  if (schema.format === 'date-time') return new Date(now + ((pick % 60) - 30) * 86_400_000).toISOString();
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? 0;
    const max = schema.maximum ?? 100;
    return String(min + (pick % (max - min + 1)));
  }
  if (schema.pattern?.includes('A-Za-z')) return ['ConsignmentImport', 'ConsignmentExport', 'TrainRun'][pick % 3]!;
  if (schema.pattern?.includes('a-z0-9-')) return ['chongqing-duisburg', 'yiwu-madrid', 'nope'][pick % 3]!;
  return ['X9001', 'CSQU3054383', 'x', '01H0000000000000000000000'][pick % 4]!;
}

/** Header values go on the wire as bytes: UTF-8 text is sent as its raw bytes; control characters are dropped. */
export function headerBytes(value: string): string {
  // eslint-disable-next-line no-control-regex
  return Buffer.from(value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ''), 'utf8').toString('latin1');
}

export function encodeSegment(value: string | Long): string {
  if (typeof value !== 'string') return (value.ch === '%41' ? value.ch : encodeURIComponent(value.ch)).repeat(value.long);
  if (/^[A-Za-z0-9%._~:;*-]*$/.test(value)) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate: send its bytes percent-encoded as they are (invalid UTF-8 on purpose).
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

export function encodeQueryPart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}
