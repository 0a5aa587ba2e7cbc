import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * Each part of the fault suite (one test file, one worker) writes its figures here; the project's
 * global teardown (global-setup.ts) adds them up into the one summary line.
 */
export interface PartReport {
  part: string;
  seed: number;
  full: boolean;
  figures: Partial<Figures>;
  /** Human-readable findings: the failing requests, the consignments counted, … */
  findings: string[];
}

export interface Figures {
  requestsTried: number;
  serverErrors: number;
  writesDespite4xx: number;
  matrixCells: number;
  matrixSurprises: number;
  crashRounds: number;
  filingsKeyed: number;
  lost: number;
  duplicated: number;
  stuck: number;
  unreviewable: number;
  retriesRefused: number;
  listingFaults: number;
  faultsInjected: number;
}

/** The counts that must be 0. */
export const BAD: ReadonlyArray<keyof Figures> = ['serverErrors', 'writesDespite4xx', 'matrixSurprises', 'lost', 'duplicated', 'stuck', 'unreviewable', 'retriesRefused', 'listingFaults'];

declare module 'vitest' {
  export interface ProvidedContext {
    faultsReportDir: string;
    faultsSeed: number;
  }
}

export function writePartReport(report: PartReport): void {
  const dir = inject('faultsReportDir');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${report.part}.json`), JSON.stringify(report, null, 2));
}

export function readPartReports(dir: string): PartReport[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as PartReport);
}

/** Logs a finding as it is found (the test output) and keeps it for the report. */
export function finding(findings: string[], line: string): void {
  findings.push(line);
  process.stdout.write(`  [faults] ${line}\n`);
}
