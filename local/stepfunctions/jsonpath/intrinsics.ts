import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { isObject } from '../asl-types.ts';
import { seededRandom } from '../aws-functions.ts';
import { PathFailure, readReference, referenceKind, type PathScope } from './scope.ts';

/**
 * The intrinsic functions of JSONPath states (`States.Format(...)` and friends), parsed once
 * per definition into a tree and evaluated against a `PathScope`. Arguments are string
 * literals in single quotes (with `\'`, `\{`, `\}`, `\\` escapes), numbers, `null`, `true`,
 * `false`, paths (`$.a`, `$$.Execution.Id`, `$var`) and nested calls.
 */
export type IntrinsicArg =
  | { kind: 'literal'; value: unknown }
  /** A string literal; `raw` keeps its escapes, which States.Format needs to tell `\{}` from `{}`. */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'path'; text: string }
  | { kind: 'call'; name: string; args: IntrinsicArg[] };

export class IntrinsicSyntaxError extends Error {}

const FUNCTION_NAMES = new Set([
  'States.Format', 'States.StringToJson', 'States.JsonToString', 'States.Array', 'States.ArrayPartition',
  'States.ArrayContains', 'States.ArrayRange', 'States.ArrayGetItem', 'States.ArrayLength', 'States.ArrayUnique',
  'States.Base64Encode', 'States.Base64Decode', 'States.Hash', 'States.JsonMerge', 'States.MathRandom',
  'States.MathAdd', 'States.StringSplit', 'States.UUID',
]);

export const looksIntrinsic = (text: string) => text.startsWith('States.');

/** Parses `States.Name(args)`; throws `IntrinsicSyntaxError` with a reason. */
export function parseIntrinsic(text: string): IntrinsicArg & { kind: 'call' } {
  const parser = new Parser(text);
  const call = parser.call();
  parser.skipSpace();
  if (!parser.done()) throw new IntrinsicSyntaxError(`Unexpected text after the function call at position ${parser.pos}`);
  return call;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  done() {
    return this.pos >= this.text.length;
  }

  skipSpace() {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos += 1;
  }

  call(): IntrinsicArg & { kind: 'call' } {
    const match = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!match) throw new IntrinsicSyntaxError(`Expected a function name at position ${this.pos}`);
    const name = match[0];
    if (!FUNCTION_NAMES.has(name)) throw new IntrinsicSyntaxError(`Unknown intrinsic function '${name}'`);
    this.pos += name.length;
    this.skipSpace();
    if (this.text[this.pos] !== '(') throw new IntrinsicSyntaxError(`Expected '(' after ${name}`);
    this.pos += 1;
    const args: IntrinsicArg[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos += 1;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.arg());
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === ')') return { kind: 'call', name, args };
      if (c !== ',') throw new IntrinsicSyntaxError(`Expected ',' or ')' in the arguments of ${name}`);
    }
  }

  arg(): IntrinsicArg {
    const c = this.text[this.pos];
    if (c === "'") return this.string();
    if (c === '$') return { kind: 'path', text: this.path() };
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('States.')) return this.call();
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (rest.startsWith(word) && !/[A-Za-z0-9_]/.test(rest[word.length] ?? '')) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    throw new IntrinsicSyntaxError(`Unexpected argument at position ${this.pos}`);
  }

  string(): IntrinsicArg {
    const start = this.pos + 1;
    let value = '';
    let i = start;
    for (;;) {
      const c = this.text[i];
      if (c === undefined) throw new IntrinsicSyntaxError('Unterminated string literal');
      if (c === '\\') {
        const next = this.text[i + 1];
        if (next === undefined) throw new IntrinsicSyntaxError('Unterminated string literal');
        value += next;
        i += 2;
        continue;
      }
      if (c === "'") break;
      value += c;
      i += 1;
    }
    this.pos = i + 1;
    return { kind: 'string', value, raw: this.text.slice(start, i) };
  }

  /** A path runs to the next top-level ',' or ')' (brackets and quotes inside it nest). */
  path(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') {
        if (depth > 0) quote = c;
        else break;
      } else if (c === '[' || c === '(') depth += 1;
      else if (c === ']' || (c === ')' && depth > 0)) depth -= 1;
      else if ((c === ',' || c === ')') && depth === 0) break;
      this.pos += 1;
    }
    const text = this.text.slice(start, this.pos).trim();
    if (!referenceKind(text)) throw new IntrinsicSyntaxError(`Invalid path '${text}'`);
    return text;
  }
}

const intrinsicFailure = (detail: string) => new PathFailure('States.IntrinsicFailure', detail);

const typeName = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;

/** Evaluates a parsed call; failures are `PathFailure`s (States.Runtime for paths, else States.IntrinsicFailure). */
export function evaluateIntrinsic(call: IntrinsicArg & { kind: 'call' }, scope: PathScope, field: string): unknown {
  const values = call.args.map((arg) => argValue(arg, scope, field));
  const fail = (message: string) => intrinsicFailure(`Invalid arguments in ${call.name}: ${message}`);
  const count = (min: number, max = min) => {
    if (values.length < min || values.length > max) {
      throw fail(`expected ${min === max ? min : `${min} to ${max}`} argument(s), but got ${values.length}`);
    }
  };
  const array = (i: number): unknown[] => {
    const value = values[i];
    if (!Array.isArray(value)) throw fail(`argument ${i + 1} must be an array, but was ${typeName(value)}`);
    return value;
  };
  const string = (i: number): string => {
    const value = values[i];
    if (typeof value !== 'string') throw fail(`argument ${i + 1} must be a string, but was ${typeName(value)}`);
    return value;
  };
  const integer = (i: number): number => {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isInteger(value)) throw fail(`argument ${i + 1} must be an integer, but was ${JSON.stringify(value)}`);
    return value;
  };
  switch (call.name) {
    case 'States.Format':
      return format(call, values, fail);
    case 'States.StringToJson': {
      count(1);
      // AWS answers null for an empty (or blank) string.
      if (string(0).trim() === '') return null;
      try {
        return JSON.parse(string(0)) as unknown;
      } catch {
        throw fail(`the string is not valid JSON: ${JSON.stringify(values[0])}`);
      }
    }
    case 'States.JsonToString':
      count(1);
      return JSON.stringify(values[0]);
    case 'States.Array':
      return values;
    case 'States.ArrayPartition': {
      count(2);
      const items = array(0);
      const size = integer(1);
      if (size <= 0) throw fail(`the chunk size must be greater than 0, but was ${size}`);
      const chunks: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
      return chunks;
    }
    case 'States.ArrayContains': {
      count(2);
      const wanted = values[1];
      return array(0).some((item) => isDeepStrictEqual(item, wanted));
    }
    case 'States.ArrayRange': {
      count(3);
      const [start, end, step] = [integer(0), integer(1), integer(2)];
      if (step === 0) throw fail('the step must not be 0');
      const out: number[] = [];
      for (let n = start; step > 0 ? n <= end : n >= end; n += step) {
        out.push(n);
        if (out.length > 1000) throw fail('the range must not have more than 1000 items');
      }
      return out;
    }
    case 'States.ArrayGetItem': {
      count(2);
      const items = array(0);
      const index = integer(1);
      if (index < 0 || index >= items.length) throw fail(`index ${index} is out of bounds for an array of length ${items.length}`);
      return items[index];
    }
    case 'States.ArrayLength':
      count(1);
      return array(0).length;
    case 'States.ArrayUnique': {
      count(1);
      const out: unknown[] = [];
      for (const item of array(0)) if (!out.some((seen) => isDeepStrictEqual(seen, item))) out.push(item);
      return out;
    }
    case 'States.Base64Encode': {
      count(1);
      const text = string(0);
      if (text.length > 10_000) throw fail('the input must not be longer than 10000 characters');
      return Buffer.from(text, 'utf8').toString('base64');
    }
    case 'States.Base64Decode': {
      count(1);
      const text = string(0);
      if (text.length > 10_000) throw fail('the input must not be longer than 10000 characters');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw fail('the input is not valid Base64');
      return Buffer.from(text, 'base64').toString('utf8');
    }
    case 'States.Hash': {
      count(2);
      const algorithm = HASHES[string(1)];
      if (!algorithm) throw fail(`unsupported hash algorithm ${JSON.stringify(values[1])}; supported: ${Object.keys(HASHES).join(', ')}`);
      const data = values[0];
      if (data === null || data === undefined) throw fail('the data to hash must not be null');
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      if (text.length > 10_000) throw fail('the data must not be longer than 10000 characters');
      return createHash(algorithm).update(text, 'utf8').digest('hex');
    }
    case 'States.JsonMerge': {
      count(3);
      const [a, b, deep] = values;
      if (!isObject(a) || !isObject(b)) throw fail('the first two arguments must be JSON objects');
      if (deep !== false) throw fail('deep merging is not supported; the third argument must be false');
      return { ...a, ...b };
    }
    case 'States.MathRandom': {
      count(2, 3);
      const [start, end] = [integer(0), integer(1)];
      const random = values.length === 3 ? seededRandom(integer(2)) : Math.random();
      return start + Math.floor(random * (end - start));
    }
    case 'States.MathAdd': {
      count(2);
      // AWS rounds each operand half up (Java's Math.round, as JavaScript's) before adding.
      const operand = (i: number) => {
        const value = values[i];
        if (typeof value !== 'number') throw fail(`argument ${i + 1} must be a number, but was ${JSON.stringify(value)}`);
        return Math.round(value);
      };
      return operand(0) + operand(1) + 0;
    }
    case 'States.StringSplit': {
      count(2);
      const text = string(0);
      const delimiters = string(1);
      const out: string[] = [];
      let current = '';
      for (const c of text) {
        if (delimiters.includes(c)) {
          if (current !== '') out.push(current);
          current = '';
        } else current += c;
      }
      if (current !== '') out.push(current);
      return out;
    }
    case 'States.UUID':
      count(0);
      return randomUUID();
    default:
      throw fail('unknown function');
  }
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function argValue(arg: IntrinsicArg, scope: PathScope, field: string): unknown {
  switch (arg.kind) {
    case 'literal':
      return arg.value;
    case 'string':
      return arg.value;
    case 'path':
      return readReference(arg.text, scope, field);
    case 'call':
      return evaluateIntrinsic(arg, scope, field);
  }
}

/** `{}` takes the next argument (strings as they are, anything else as JSON); `\{`/`\}` are literal braces. */
function format(call: IntrinsicArg & { kind: 'call' }, values: unknown[], fail: (message: string) => PathFailure): string {
  const template = call.args[0];
  if (!template || template.kind !== 'string') throw fail('the first argument must be a string literal');
  const raw = template.raw;
  let out = '';
  let next = 1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\' && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 1;
    } else if (c === '{' && raw[i + 1] === '}') {
      if (next >= values.length) throw fail('the number of arguments does not match the number of placeholders');
      const value = values[next++];
      out += javaText(value);
      i += 1;
    } else out += c;
  }
  if (next !== values.length) throw fail('the number of arguments does not match the number of placeholders');
  return out;
}

/**
 * How AWS (Java) writes a non-string value into States.Format: objects as `{a=1, b=[x, y]}`,
 * arrays as `[1, 2]`, strings inside them unquoted.
 */
function javaText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([key, item]) => `${key}=${javaText(item)}`).join(', ')}}`;
  return JSON.stringify(value);
}
