import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * Small durable JSON state for the local emulators (SNS topics, schedules, the clock's anchor).
 * Writes go to a temporary file that is fsynced and renamed over the old one, so a crash leaves
 * either the old or the new state, never half a file.
 */
export function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

export function writeJsonFileAtomic(file: string, value: unknown, options: { mode?: number } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  // `mode` applies when the temporary file is created, so a secret is never readable by others.
  const fd = openSync(temporary, 'w', options.mode);
  try {
    writeSync(fd, JSON.stringify(value, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/** `:memory:` (or no directory) keeps state in memory; anything else is a directory on disk. */
export const isInMemory = (dataDir: string | undefined): boolean => dataDir === undefined || dataDir === ':memory:';

/** `DATA_DIR/<segments>`, or undefined when state is kept in memory. */
export const dataFile = (dataDir: string | undefined, ...segments: string[]): string | undefined =>
  isInMemory(dataDir) ? undefined : join(dataDir as string, ...segments);

export interface JsonStore<T> {
  /** What the file held when opened; `empty` when there was no file yet, or in memory. */
  readonly loaded: T;
  /** Replaces the file's content atomically; does nothing in memory. */
  save(state: T): void;
}

/**
 * An emulator's state file, checked against `schema` when opened (`file` undefined: in memory).
 * A file that is not valid JSON or does not fit the schema stops the start, naming the file,
 * rather than starting over with empty state.
 */
export function openJsonStore<T>(file: string | undefined, schema: z.ZodType<T>, empty: T, options: { mode?: number } = {}): JsonStore<T> {
  if (file === undefined) return { loaded: empty, save: () => undefined };
  let raw: unknown;
  try {
    raw = readJsonFile(file);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(raw ?? empty);
  if (!parsed.success) throw new Error(`${file} does not hold valid state:\n${z.prettifyError(parsed.error)}`);
  return { loaded: parsed.data, save: (state) => writeJsonFileAtomic(file, state, options) };
}
