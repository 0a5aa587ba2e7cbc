import { createHash, randomUUID } from 'node:crypto';

/**
 * The JSONata functions Step Functions adds to the language, with AWS's argument rules:
 * numeric arguments are truncated towards zero; a zero chunk size, an empty array, a `$range`
 * whose step is missing, zero or points away from `end`, and a `$hash` without an algorithm
 * evaluate to nothing (so the field that holds them fails with "returned nothing"); wrong
 * argument types are JSONata signature errors (T0410); bad values are D3137 errors, the code
 * JSONata gives to errors a function raises itself.
 */
interface JsonataFunction {
  name: string;
  implementation: (...args: unknown[]) => unknown;
  signature?: string;
}

const d3137 = (message: string) => Object.assign(new Error(message), { code: 'D3137' });

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function partition(array: unknown, chunkSize: unknown): unknown {
  if (!Array.isArray(array)) return undefined;
  if (array.length === 0) return undefined;
  if (chunkSize === undefined) return [array.slice()];
  const size = Math.trunc(chunkSize as number);
  if (size < 0) throw d3137('Second argument must be zero or greater');
  if (size === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
}

// AWS accepts a range of 360,145 elements and refuses one more.
const MAX_RANGE = 360_145;

function range(start: unknown, end: unknown, step: unknown): unknown {
  if (step === undefined || start === undefined || end === undefined) return undefined;
  const from = Math.trunc(start as number);
  const to = Math.trunc(end as number);
  const by = Math.trunc(step as number);
  if (![from, to, by].every(Number.isFinite)) throw d3137('Arguments must be finite numbers');
  if (by === 0 || (by > 0 && from > to) || (by < 0 && from < to)) return undefined;
  const count = Math.floor(Math.abs(to - from) / Math.abs(by)) + 1;
  if (count > MAX_RANGE) throw d3137('Expression evaluation memory limit exceeded');
  // A one-element JSONata sequence is its only element.
  if (count === 1) return from;
  const values: number[] = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = from + i * by;
  return values;
}

function hash(data: unknown, algorithm: unknown): unknown {
  if (data === undefined || algorithm === undefined) return undefined;
  const nodeAlgorithm = HASH_ALGORITHMS[algorithm as string];
  if (!nodeAlgorithm) {
    throw d3137(`Unsupported hash algorithm '${String(algorithm)}'. Supported: ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
  }
  return createHash(nodeAlgorithm).update(data as string, 'utf8').digest('hex');
}

// java.util.Random, whose seeded sequence AWS's $random(seed) follows.
const MULTIPLIER = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;
export function seededRandom(seed: number): number {
  let state = (BigInt.asIntN(64, BigInt(Math.trunc(seed))) ^ MULTIPLIER) & MASK;
  const next = (bits: number) => {
    state = (state * MULTIPLIER + 0xbn) & MASK;
    return Number(BigInt.asIntN(32, state >> BigInt(48 - bits)));
  };
  const high = next(26);
  const low = next(27);
  return (high * 2 ** 27 + low) * 2 ** -53;
}

function random(seed: unknown): unknown {
  if (seed === undefined) return Math.random();
  if (!Number.isFinite(seed as number)) throw d3137('The seed must be a finite number');
  return seededRandom(seed as number);
}

function parse(text: unknown): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text as string) as unknown;
  } catch (error) {
    throw d3137(`Invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function disabledEval(): never {
  // AWS removes $eval from the language; calling it is calling a non-function.
  throw Object.assign(new Error('Attempted to invoke a non-function'), { code: 'T1006' });
}

export const AWS_JSONATA_FUNCTIONS: readonly JsonataFunction[] = [
  { name: 'partition', implementation: partition, signature: '<an?:a>' },
  { name: 'range', implementation: range, signature: '<nnn?:x>' },
  { name: 'hash', implementation: hash, signature: '<ss?:s>' },
  { name: 'random', implementation: random, signature: '<n?:n>' },
  { name: 'uuid', implementation: () => randomUUID(), signature: '<:s>' },
  { name: 'parse', implementation: parse, signature: '<s?:x>' },
  { name: 'eval', implementation: disabledEval },
];
