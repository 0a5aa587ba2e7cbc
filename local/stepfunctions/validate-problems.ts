import { isObject } from './asl-types.ts';
import { parseResource } from './resources.ts';

/**
 * The checks both query languages share (validate.ts for JSONata states, jsonpath/validate-paths.ts
 * for JSONPath ones): a problem is thrown as AWS's `CODE: message at /States/Name/Field` text.
 */
export class DefinitionProblem extends Error {}

export const fail = (code: string, message: string, location: string): never => {
  throw new DefinitionProblem(`${code}: ${message} at ${location}`);
};

export function checkTarget(target: unknown, names: Set<string>, field: string, location: string): void {
  if (typeof target !== 'string' || !names.has(target)) {
    fail('MISSING_TRANSITION_TARGET', `Missing '${field}' target: ${String(target)}`, location);
  }
}

export function checkTask(state: Record<string, unknown>, location: string): void {
  if (typeof state.Resource !== 'string') return fail('SCHEMA_VALIDATION_FAILED', 'A Task state needs a Resource', location);
  const resource = parseResource(state.Resource);
  if (typeof resource === 'string') fail('UNSUPPORTED_RESOURCE', resource, `${location}/Resource`);
}

/**
 * Retry and Catch lists: non-empty ErrorEquals, `States.ALL` alone and last, every catcher's
 * Next a state. `checkCatcher` adds the language's own checks of a catcher (Output/Assign).
 */
export function checkErrorHandlers(
  state: Record<string, unknown>,
  location: string,
  names: Set<string>,
  checkCatcher: (catcher: Record<string, unknown>, at: string) => void = () => {},
): void {
  for (const field of ['Retry', 'Catch'] as const) {
    const list = state[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return fail('SCHEMA_VALIDATION_FAILED', `${field} must be an array`, `${location}/${field}`);
    list.forEach((handler, i) => {
      const at = `${location}/${field}[${i}]`;
      if (!isObject(handler) || !Array.isArray(handler.ErrorEquals) || handler.ErrorEquals.length === 0) {
        return fail('SCHEMA_VALIDATION_FAILED', 'ErrorEquals must be a non-empty array', at);
      }
      const errors = handler.ErrorEquals as unknown[];
      if (errors.includes('States.ALL') && (errors.length > 1 || i !== list.length - 1)) {
        fail('SCHEMA_VALIDATION_FAILED', "'States.ALL' must appear alone, in the last retrier or catcher", at);
      }
      if (field === 'Catch') {
        checkTarget(handler.Next, names, 'Next', `${at}/Next`);
        checkCatcher(handler, at);
      }
    });
  }
}
