import { isObject } from '../asl-types.ts';
import { evaluateIntrinsic, looksIntrinsic, parseIntrinsic } from './intrinsics.ts';
import { readReference, type PathScope } from './scope.ts';

/**
 * Payload templates of JSONPath states (`Parameters`, `ResultSelector`, `ItemSelector`,
 * `Assign`): a key ending in `.$` takes the value its string selects (a path into the input,
 * `$$` context path, `$var` variable, or intrinsic function call), at any depth, in arrays too;
 * everything else is copied as written. Compiled once per definition.
 */
export type PathTemplate = (scope: PathScope) => unknown;

/** A `.$` value: a reference or an intrinsic call. `field` names it in AWS's causes (e.g. `value.$`). */
export function compileSelector(text: string, field: string): PathTemplate {
  if (looksIntrinsic(text)) {
    const call = parseIntrinsic(text);
    return (scope) => evaluateIntrinsic(call, scope, field);
  }
  return (scope) => readReference(text, scope, field);
}

const hasSelector = (value: unknown): boolean => {
  if (Array.isArray(value)) return value.some(hasSelector);
  if (isObject(value)) return Object.entries(value).some(([key, item]) => key.endsWith('.$') || hasSelector(item));
  return false;
};

export function compilePayload(value: unknown): PathTemplate {
  if (!hasSelector(value)) return () => value;
  if (Array.isArray(value)) {
    const items = value.map((item) => compilePayload(item));
    return (scope) => items.map((item) => item(scope));
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) =>
    key.endsWith('.$') && typeof item === 'string'
      ? ([key.slice(0, -2), compileSelector(item, key)] as const)
      : ([key, compilePayload(item)] as const),
  );
  return (scope) => {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) out[key] = item(scope);
    return out;
  };
}
