import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Small durable JSON state for the local emulators (SNS topics, schedules). Writes go to a
 * temporary file that is fsynced and renamed over the old one, so a crash leaves either the old
 * or the new state, never half a file.
 */
export function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

export function writeJsonFileAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
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
