/**
 * `npm run conformance`: runs every case of test/conformance/cases through the AWS SDK against
 * the local Step Functions endpoint, prints pass/fail per feature group, the overall share, each
 * failure with its reason, and the most common reasons; exits non-zero below the threshold.
 *
 *   npm run conformance -- [--threshold 95] [--group choice] [--grep text] [--concurrency 12] [--json out.json]
 *                          [--endpoint http://127.0.0.1:4566]
 *
 * By default it starts the Step Functions service in-process (test/local/stepfunctions/harness.ts)
 * and stops it at the end. With `--endpoint` it runs against a local cloud already running
 * (`npm start`) instead, leaving out the cases that need declarative Lambda functions registered.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startHarness } from '#test/local/stepfunctions/harness.ts';
import { SFNClient } from '@aws-sdk/client-sfn';
import { harnessTarget, loadCorpus, runCase, type CaseResult, type CaseTarget } from '#test/conformance/run-case.ts';

const { values } = parseArgs({
  options: {
    threshold: { type: 'string', default: '95' },
    group: { type: 'string' },
    grep: { type: 'string' },
    concurrency: { type: 'string', default: '12' },
    json: { type: 'string' },
    endpoint: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
const threshold = Number(values.threshold);
const selected = loadCorpus().filter(
  (c) => (!values.group || c.group === values.group) && (!values.grep || c.id.includes(values.grep) || c.name.includes(values.grep)),
);
const cases = values.endpoint ? selected.filter((c) => !c.lambdas) : selected;
if (cases.length < selected.length) console.log(`${selected.length - cases.length} cases with Lambda functions left out: they need the in-process harness`);

// Virtual time runs 20 times faster, so Wait states and retry back-offs take a twentieth.
const harness = values.endpoint ? null : await startHarness({ scale: 20, log: () => {} });
const external = values.endpoint
  ? new SFNClient({ endpoint: values.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  : null;
const target: CaseTarget = harness ? harnessTarget(harness) : { client: external as SFNClient, endpointUrl: values.endpoint as string };
const results: CaseResult[] = [];
const durations = new Map<string, number>();
const started = Date.now();
try {
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      if (!c) break;
      const t0 = Date.now();
      try {
        results.push(await runCase(target, c));
      } catch (error) {
        results.push({ case: c, passed: false, kind: 'runner error', reason: `runner error: ${(error as Error).message}` });
      }
      durations.set(c.id, Date.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
} finally {
  external?.destroy();
  await harness?.close();
}

results.sort((a, b) => a.case.group.localeCompare(b.case.group) || a.case.id.localeCompare(b.case.id));
const groups = new Map<string, { passed: number; total: number }>();
for (const r of results) {
  const g = groups.get(r.case.group) ?? { passed: 0, total: 0 };
  g.total++;
  if (r.passed) g.passed++;
  groups.set(r.case.group, g);
}
const pct = (p: number, t: number) => (t === 0 ? 100 : (100 * p) / t);
const passed = results.filter((r) => r.passed).length;
const overall = pct(passed, results.length);

const failures = results.filter((r) => !r.passed);
if (!values.quiet) {
  console.log('\nFailures:');
  for (const r of failures) console.log(`  ✗ [${r.case.group}] ${r.case.id}\n      ${r.reason}`);
}
const kinds = new Map<string, number>();
for (const r of failures) kinds.set(r.kind ?? '?', (kinds.get(r.kind ?? '?') ?? 0) + 1);
console.log('\nMost common failure reasons:');
for (const [kind, count] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${String(count).padStart(5)}  ${kind}`);

console.log('\n| group                   | passed |  total |      % |');
console.log('|-------------------------|-------:|-------:|-------:|');
for (const [group, g] of [...groups].sort()) {
  console.log(`| ${group.padEnd(23)} | ${String(g.passed).padStart(6)} | ${String(g.total).padStart(6)} | ${pct(g.passed, g.total).toFixed(1).padStart(6)} |`);
}
console.log(`| ${'overall'.padEnd(23)} | ${String(passed).padStart(6)} | ${String(results.length).padStart(6)} | ${overall.toFixed(1).padStart(6)} |`);
const byProvenance = new Map<string, { passed: number; total: number }>();
for (const r of results) {
  const p = byProvenance.get(r.case.source.provenance) ?? { passed: 0, total: 0 };
  p.total++;
  if (r.passed) p.passed++;
  byProvenance.set(r.case.source.provenance, p);
}
console.log(`\nby provenance: ${[...byProvenance].sort().map(([p, g]) => `${p} ${g.passed}/${g.total} (${pct(g.passed, g.total).toFixed(1)} %)`).join(', ')}`);
console.log(`${results.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; threshold ${threshold} %`);

if (values.json) {
  writeFileSync(
    values.json,
    JSON.stringify(
      results.map((r) => ({ id: r.case.id, group: r.case.group, passed: r.passed, kind: r.kind, reason: r.reason, ms: durations.get(r.case.id) })),
      null,
      1,
    ),
  );
}
process.exitCode = overall >= threshold ? 0 : 1;
