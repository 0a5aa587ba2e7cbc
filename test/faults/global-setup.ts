import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BAD, readPartReports, type Figures } from './support/report.ts';

/**
 * The fault suite's one summary: every part (fuzzing, authorisation matrix, crash rounds,
 * transient failures) leaves its figures in a temporary directory; after the last test they are
 * printed as one line, with the seeds to replay each part. The parts fail by themselves when a
 * bad count is not 0; this only reports.
 */
const FAST_SEED = 20_261_207;

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'faults-report-'));
  project.provide('faultsReportDir', dir);
  const raw = process.env.FAULTS_SEED;
  // The fast subset in `npm test` replays one known seed, so CI judges the change and not the
  // draw; the full run explores a new seed each time unless told one.
  const full = process.env.FAULTS_FULL === '1';
  const seed = raw === undefined || raw === '' ? (full ? randomInt(1, 2 ** 31 - 1) : FAST_SEED) : Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FAULTS_SEED=${raw} must be an integer`);
  project.provide('faultsSeed', seed);
  return () => {
    const reports = readPartReports(dir);
    rmSync(dir, { recursive: true, force: true });
    if (reports.length === 0) return;
    const total: Partial<Figures> = {};
    for (const report of reports) {
      for (const [name, value] of Object.entries(report.figures) as Array<[keyof Figures, number]>) total[name] = (total[name] ?? 0) + value;
    }
    const n = (name: keyof Figures) => total[name] ?? 0;
    const bad = BAD.filter((name) => n(name) > 0);
    const seeds = [...new Set([seed, ...reports.map((r) => r.seed)])];
    const lines = [
      '',
      `Fault suite (${reports.some((r) => r.full) ? 'full' : 'fast'}; FAULTS_SEED=${seeds.join(',')}; parts: ${reports.map((r) => r.part).join(', ')})`,
      `  requests tried ${n('requestsTried')}, 5xx ${n('serverErrors')}, writes despite 4xx ${n('writesDespite4xx')}, ` +
        `lost ${n('lost')}, duplicated ${n('duplicated')}, stuck ${n('stuck')}, unreviewable ${n('unreviewable')}`,
      `  authorisation matrix ${n('matrixCells')} cells, ${n('matrixSurprises')} surprises; crash rounds ${n('crashRounds')} (${n('filingsKeyed')} keyed filings), ` +
        `keyed retries refused ${n('retriesRefused')}, listing faults ${n('listingFaults')}; transient faults injected ${n('faultsInjected')}`,
      bad.length === 0 ? '  all bad counts are 0' : `  FAILED: ${bad.map((name) => `${name} ${n(name)}`).join(', ')}`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  };
}
