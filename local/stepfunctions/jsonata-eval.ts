import jsonata from 'jsonata';
import { AWS_JSONATA_FUNCTIONS } from './aws-functions.ts';
import { isObject } from './asl-types.ts';

/**
 * JSONata as Step Functions evaluates it: a field value is a literal, or a string wrapped in
 * `{% %}`, or an object/array whose strings may be such expressions (at any depth). Expressions
 * run with no context item; `$states` and the workflow variables are bindings.
 *
 * Templates are compiled once per definition: literal sub-trees become constants, expressions
 * become compiled JSONata. Plain paths such as `$states.input.items` or `$order.id` are read
 * directly (with JSONata's semantics for objects) because they are most of what workflows write
 * and the library's async evaluator costs ~100x more for them; anything else, or a path that
 * meets an array, goes through the library.
 */
export type Bindings = Record<string, unknown>;

/** A JSONata failure inside one field, before the engine adds the state prefix to its cause. */
export class QueryError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'QueryError';
  }
}

export type Template = (bindings: Bindings) => unknown;

export const isExpression = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}') && value.length >= 4;

export const expressionText = (value: string) => value.slice(2, -2).trim();

const SIMPLE_PATH = /^\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
const FALLBACK = Symbol('fallback');

type CompiledJsonata = ReturnType<typeof jsonata>;
const compiled = new Map<string, CompiledJsonata>();

/** Parses an expression (cached); throws JSONata's own syntax error. */
export function parseExpression(text: string): CompiledJsonata {
  let expression = compiled.get(text);
  if (!expression) {
    expression = jsonata(text);
    for (const fn of AWS_JSONATA_FUNCTIONS) expression.registerFunction(fn.name, fn.implementation, fn.signature);
    compiled.set(text, expression);
  }
  return expression;
}

function readPath(root: string, steps: string[], bindings: Bindings): unknown {
  let value = bindings[root];
  for (const step of steps) {
    if (Array.isArray(value)) return FALLBACK;
    if (!isObject(value)) return undefined;
    value = value[step];
  }
  return value;
}

function describe(error: unknown): string {
  if (isObject(error) || error instanceof Error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    return typeof code === 'string' ? `${code}: ${text}` : text;
  }
  return String(error);
}

function checkResult(value: unknown, text: string, field: string): unknown {
  if (value === undefined) {
    throw new QueryError(field, `The JSONata expression '${text}' specified for the field '${field}' returned nothing (undefined).`);
  }
  if (typeof value === 'function') {
    throw new QueryError(field, `The JSONata expression '${text}' specified for the field '${field}' returned an unsupported result type.`);
  }
  return value;
}

function compileExpression(source: string, field: string): Template {
  const text = expressionText(source);
  const simple = SIMPLE_PATH.exec(text);
  const expression = parseExpression(text);
  const slow = async (bindings: Bindings) => {
    let value: unknown;
    try {
      value = await expression.evaluate(undefined, bindings);
    } catch (error) {
      throw new QueryError(
        field,
        `The JSONata expression '${text}' specified for the field '${field}' threw an error during evaluation. ${describe(error)}`,
      );
    }
    // A JSONata lambda is an object marked `_jsonata_lambda` (only the library makes one).
    if (isObject(value) && value._jsonata_lambda === true) return checkResult(() => value, text, field);
    return checkResult(value, text, field);
  };
  if (!simple) return slow;
  const root = simple[1] as string;
  const steps = (simple[2] ?? '').split('.').slice(1);
  return (bindings) => {
    const value = readPath(root, steps, bindings);
    if (value === FALLBACK) return slow(bindings);
    return checkResult(value, text, field);
  };
}

const hasExpression = (value: unknown): boolean => {
  if (isExpression(value)) return true;
  if (Array.isArray(value)) return value.some(hasExpression);
  if (isObject(value)) return Object.values(value).some(hasExpression);
  return false;
};

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Compiles a field's value. The returned function answers synchronously when it can and with a
 * promise when a JSONata evaluation is needed; `await` works on both.
 */
export function compileTemplate(value: unknown, field: string): Template {
  if (!hasExpression(value)) return () => value;
  if (isExpression(value)) return compileExpression(value, field);
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileTemplate(item, `${field}[${i}]`));
    return (bindings) => collect(items.map((item) => item(bindings)), (values) => values);
  }
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([key, item]) => [key, compileTemplate(item, `${field}/${key}`)] as const,
  );
  return (bindings) =>
    collect(
      entries.map(([, item]) => item(bindings)),
      (values) => {
        const out: Record<string, unknown> = {};
        entries.forEach(([key], i) => {
          out[key] = values[i];
        });
        return out;
      },
    );
}

function collect(values: unknown[], build: (values: unknown[]) => unknown): unknown {
  if (!values.some(isPromise)) return build(values);
  return Promise.all(values).then(build);
}
