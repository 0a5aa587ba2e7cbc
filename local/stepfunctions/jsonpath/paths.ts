import { JSONPath } from 'jsonpath-plus';
import { isObject } from '../asl-types.ts';

/**
 * JSONPath as Step Functions reads it (AWS runs Jayway JsonPath): a *definite* path (`$.a.b`,
 * `$['a'][0]`) answers the one value it names and fails when it names nothing; an *indefinite*
 * path (wildcards, `..`, filters, slices, unions) answers the list of what it matched, possibly
 * empty. Definite paths, which are nearly all that workflows write, are walked directly;
 * indefinite ones go through `jsonpath-plus`.
 */
export type Step = string | number;

/** A definite path that names nothing; `detail` is Jayway's wording, which AWS quotes. */
export class NoSuchPath extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'NoSuchPath';
  }
}

const NAME_CHAR = /[^.[\]\s]/;

/** The steps of a definite path, or undefined when the path is indefinite or malformed. */
export function definiteSteps(path: string): Step[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (path[i + 1] === '.' || path[i + 1] === '*') return undefined;
      let j = i + 1;
      while (j < path.length && NAME_CHAR.test(path[j] as string)) j += 1;
      if (j === i + 1) return undefined;
      steps.push(path.slice(i + 1, j));
      i = j;
    } else if (c === '[') {
      const quote = path[i + 1];
      if (quote === "'" || quote === '"') {
        const end = path.indexOf(`${quote}]`, i + 2);
        if (end < 0) return undefined;
        const name = path.slice(i + 2, end);
        if (name.includes(quote)) return undefined;
        steps.push(name);
        i = end + 2;
      } else {
        const end = path.indexOf(']', i);
        const index = path.slice(i + 1, end);
        if (end < 0 || !/^\d+$/.test(index)) return undefined;
        steps.push(Number(index));
        i = end + 1;
      }
    } else {
      return undefined;
    }
  }
  return steps;
}

const normalized = (steps: readonly Step[]) => `$${steps.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('')}`;

function walk(data: unknown, steps: readonly Step[], path: string): unknown {
  let value = data;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    let found = false;
    if (typeof step === 'number') {
      if (Array.isArray(value) && step < value.length) {
        value = value[step];
        found = true;
      }
    } else if (isObject(value) && Object.hasOwn(value, step)) {
      value = value[step];
      found = true;
    }
    if (!found) {
      throw new NoSuchPath(
        path,
        i === steps.length - 1 ? `No results for path: ${normalized(steps)}` : `Missing property in path ${normalized(steps.slice(0, i + 1))}`,
      );
    }
  }
  return value;
}

export type PathReader = (data: unknown) => unknown;

const readers = new Map<string, PathReader>();

/** Compiles (and caches) a path; the reader throws `NoSuchPath` when a definite path names nothing. */
export function pathReader(path: string): PathReader {
  let reader = readers.get(path);
  if (reader) return reader;
  if (path === '$') {
    reader = (data) => data;
  } else {
    const steps = definiteSteps(path);
    if (steps) {
      reader = (data) => walk(data, steps, path);
    } else {
      reader = (data) => {
        if (data === null || typeof data !== 'object') return [];
        return JSONPath({ path, json: data, wrap: true, resultType: 'value' }) as unknown[];
      };
    }
  }
  readers.set(path, reader);
  return reader;
}

export const readPath = (path: string, data: unknown): unknown => pathReader(path)(data);

/** True for a syntactically valid JSONPath (definite or not), as the validator checks it. */
export function isValidPath(path: string): boolean {
  if (definiteSteps(path)) return true;
  if (!path.startsWith('$')) return false;
  try {
    JSONPath.toPathArray(path);
    return !/\.\.$|\.$|\[$/.test(path);
  } catch {
    return false;
  }
}

/** A Reference Path (ResultPath): definite, made of names and indexes only. */
export const isReferencePath = (path: string): boolean => definiteSteps(path) !== undefined;

/**
 * Writes `value` at a reference path inside a copy of `target` (the state input is never
 * changed in place: history and frames hold it). Missing objects on the way are created; a
 * step into something that is not an object fails.
 */
export function writeReferencePath(target: unknown, path: string, value: unknown): unknown {
  const steps = definiteSteps(path);
  if (!steps) throw new NoSuchPath(path, `Invalid reference path '${path}'`);
  return write(target, steps, 0, value, path);
}

function write(target: unknown, steps: readonly Step[], i: number, value: unknown, path: string): unknown {
  if (i === steps.length) return value;
  const step = steps[i] as Step;
  if (typeof step === 'number') {
    if (!Array.isArray(target) || step >= target.length) {
      throw new NoSuchPath(path, `Unable to apply ResultPath '${path}': ${normalized(steps.slice(0, i))} is not an array with an item ${step}`);
    }
    const copy = [...target];
    copy[step] = write(copy[step], steps, i + 1, value, path);
    return copy;
  }
  const base = target === undefined || target === null ? {} : target;
  if (!isObject(base)) {
    throw new NoSuchPath(path, `Unable to apply ResultPath '${path}' to input ${JSON.stringify(target)}`);
  }
  return { ...base, [step]: write(base[step], steps, i + 1, value, path) };
}
