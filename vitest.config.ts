import { defineConfig } from 'vitest/config';

/**
 * Five projects, all run by `npm test`; `npm run test:unit|test:e2e|test:infra|test:faults` runs one
 * (`test:e2e` with the simulation).
 * - unit: domain rules, the application layer with in-memory fakes, data and review code; no
 *   local cloud (the data layer runs on dynalite in memory, in the test's own process);
 * - e2e: the local cloud's services and the whole system through them, over the AWS protocols;
 * - infra: the manifest, the CDK stack, cdk-nag, bundles, workflow files and lint rules;
 * - simulation: `npm run simulate` in process, alone at the end;
 * - faults: the fault-injection suite (test/faults/README.md): fuzzing every route, the
 *   authorisation matrix, SIGKILL during bursts, injected transient failures. `npm test` runs
 *   its fast subset; `npm run test:faults` (FAULTS_FULL=1) the full one.
 */
/** Test files that run a simulated day at many times real speed. */
const SIMULATION = ['test/e2e/review-simulate.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // Both cores: most e2e files wait on their own local cloud more than they compute (vitest's
    // default leaves one core idle on a two-core machine).
    maxWorkers: 2,
    // Handlers log and emit metrics to stdout; tests that read those lines turn them back on.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/{domain,auth,lifecycle,data,review,certificates}/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/{e2e,local,conformance,console}/**/*.test.ts'], exclude: [...SIMULATION] } },
      // The simulated day runs against accelerated time: it needs the machine to itself, so it
      // runs alone after everything else (with other work on both cores it still finishes).
      { extends: true, test: { name: 'simulation', include: [...SIMULATION], sequence: { groupOrder: 2 }, maxWorkers: 1 } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          globalSetup: ['test/faults/global-setup.ts'],
          // A group of its own after the others, two files at a time: the crash and transient
          // parts mostly wait on a local cloud in a child process.
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          // The full run fuzzes 10,000 requests and kills the local cloud ten times.
          testTimeout: process.env.FAULTS_FULL === '1' ? 3_600_000 : 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['shared/domain/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95 },
    },
  },
});
