import { NoSuchPath, readPath } from './paths.ts';

/**
 * What a JSONPath field reads: `$` is the input the field sees, `$$` the context object (built
 * on first read), `$name` a workflow variable.
 */
export interface PathScope {
  input: unknown;
  context: () => Record<string, unknown>;
  vars: Record<string, unknown>;
}

/**
 * A JSONPath field failed at run time. `detail` is AWS's text after the state prefix
 * ("An error occurred while executing the state ..."), which the state handler adds.
 */
export class PathFailure extends Error {
  constructor(
    readonly error: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'PathFailure';
  }
}

export const runtimeFailure = (detail: string) => new PathFailure('States.Runtime', detail);

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s;

export type ReferenceKind = 'input' | 'context' | 'variable';

export function referenceKind(text: string): ReferenceKind | undefined {
  if (text.startsWith('$$')) return 'context';
  if (text === '$' || text.startsWith('$.') || text.startsWith('$[')) return 'input';
  if (VARIABLE.test(text)) return 'variable';
  return undefined;
}

/**
 * Reads a `$...`, `$$...` or `$var...` reference. A definite path that names nothing is AWS's
 * `States.Runtime` "could not be found in the input" failure for the named field.
 */
export function readReference(text: string, scope: PathScope, field: string): unknown {
  const { data, path } = referenceTarget(text, scope, field);
  try {
    return readPath(path, data);
  } catch (error) {
    if (error instanceof NoSuchPath) {
      throw runtimeFailure(`The JSONPath '${text}' specified for the field '${field}' could not be found in the input '${JSON.stringify(data)}'`);
    }
    throw error;
  }
}

/** What a reference reads: the input, the context object or a variable, and the path within it. */
export function referenceTarget(text: string, scope: PathScope, field: string): { data: unknown; path: string } {
  let data: unknown;
  let path: string;
  if (text.startsWith('$$')) {
    data = scope.context();
    path = text.slice(1);
  } else if (text === '$' || text.startsWith('$.') || text.startsWith('$[')) {
    data = scope.input;
    path = text;
  } else {
    const match = VARIABLE.exec(text);
    if (!match) throw runtimeFailure(`The JSONPath '${text}' specified for the field '${field}' is not a valid path`);
    const name = match[1] as string;
    if (!Object.hasOwn(scope.vars, name)) {
      throw runtimeFailure(`The JSONPath '${text}' specified for the field '${field}' references an undefined variable '${name}'`);
    }
    data = scope.vars[name];
    path = `$${match[2] ?? ''}`;
  }
  return { data, path };
}
