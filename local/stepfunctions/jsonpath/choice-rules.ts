import { isObject } from '../asl-types.ts';
import { NoSuchPath } from './paths.ts';
import { readReference, PathFailure, type PathScope } from './scope.ts';
import { parseTimestamp } from './timestamps.ts';

/**
 * JSONPath Choice rules: `Variable` with one comparison operator (or its `...Path` variant),
 * `And`/`Or`/`Not`, and the type tests `Is*`. A `Variable` that names nothing is absent:
 * `IsPresent` is false, every comparison is false. Comparisons between different types are
 * false, as AWS evaluates them.
 */
export type ChoiceTest = (scope: PathScope) => boolean;

const ABSENT = Symbol('absent');

function probe(text: string, scope: PathScope): unknown {
  try {
    return readReference(text, scope, 'Variable');
  } catch (error) {
    if (error instanceof PathFailure || error instanceof NoSuchPath) return ABSENT;
    throw error;
  }
}

/** `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      source += `\\${pattern[i + 1] as string}`;
      i += 1;
    } else if (c === '*') source += '[\\s\\S]*';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';

type Compare = (a: unknown, b: unknown) => boolean;

const ordered = (guard: (v: unknown) => boolean, toKey: (v: unknown) => number | string | undefined, test: (c: number) => boolean): Compare => (a, b) => {
  if (!guard(a) || !guard(b)) return false;
  const x = toKey(a);
  const y = toKey(b);
  if (x === undefined || y === undefined) return false;
  return test(x < y ? -1 : x > y ? 1 : 0);
};

const OPERATORS: Record<string, Compare> = {};
for (const [suffix, test] of [
  ['Equals', (c: number) => c === 0],
  ['LessThan', (c: number) => c < 0],
  ['GreaterThan', (c: number) => c > 0],
  ['LessThanEquals', (c: number) => c <= 0],
  ['GreaterThanEquals', (c: number) => c >= 0],
] as const) {
  OPERATORS[`String${suffix}`] = ordered(isString, (v) => v as string, test);
  OPERATORS[`Numeric${suffix}`] = ordered(isNumber, (v) => v as number, test);
  OPERATORS[`Timestamp${suffix}`] = ordered(isString, parseTimestamp, test);
}
OPERATORS.BooleanEquals = (a, b) => typeof a === 'boolean' && a === b;

const TYPE_TESTS: Record<string, (v: unknown) => boolean> = {
  IsNull: (v) => v === null,
  IsPresent: (v) => v !== ABSENT,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => parseTimestamp(v) !== undefined,
};

export const COMPARISON_OPERATORS = [...Object.keys(OPERATORS), ...Object.keys(OPERATORS).map((k) => `${k}Path`), 'StringMatches', ...Object.keys(TYPE_TESTS)];

export function compileChoiceRule(rule: Record<string, unknown>): ChoiceTest {
  if (Array.isArray(rule.And)) {
    const tests = rule.And.map((r) => compileChoiceRule(r as Record<string, unknown>));
    return (scope) => tests.every((t) => t(scope));
  }
  if (Array.isArray(rule.Or)) {
    const tests = rule.Or.map((r) => compileChoiceRule(r as Record<string, unknown>));
    return (scope) => tests.some((t) => t(scope));
  }
  if (isObject(rule.Not)) {
    const test = compileChoiceRule(rule.Not);
    return (scope) => !test(scope);
  }
  const variable = String(rule.Variable);
  for (const [name, expected] of Object.entries(rule)) {
    const typeTest = TYPE_TESTS[name];
    if (typeTest) {
      return (scope) => {
        const value = probe(variable, scope);
        if (value === ABSENT && name !== 'IsPresent') return false;
        return typeTest(value) === expected;
      };
    }
    if (name === 'StringMatches') {
      const pattern = wildcardRegExp(String(expected));
      return (scope) => {
        const value = probe(variable, scope);
        return typeof value === 'string' && pattern.test(value);
      };
    }
    const base = name.endsWith('Path') ? name.slice(0, -4) : name;
    const compare = OPERATORS[base];
    if (!compare) continue;
    if (name.endsWith('Path')) {
      const other = String(expected);
      return (scope) => {
        const value = probe(variable, scope);
        const against = probe(other, scope);
        return value !== ABSENT && against !== ABSENT && compare(value, against);
      };
    }
    return (scope) => {
      const value = probe(variable, scope);
      return value !== ABSENT && compare(value, expected);
    };
  }
  throw new Error(`Choice rule has no comparison operator: ${JSON.stringify(rule)}`);
}
