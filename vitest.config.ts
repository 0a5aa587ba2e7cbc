import { defineConfig } from 'vitest/config';

/**
 * Three projects, all run by `npm test`; `npm run test:unit|test:e2e|test:infra` runs one.
 * - unit: domain rules, the application layer with in-memory fakes, data and review code; no
 *   local cloud (the data layer runs on dynalite in memory, in the test's own process);
 * - e2e: the local cloud's services and the whole system through them, over the AWS protocols;
 * - infra: the manifest, the CDK stack, cdk-nag, bundles, workflow files and lint rules.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/{domain,auth,lifecycle,data,review}/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/{e2e,local}/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
    ],
    coverage: {
      provider: 'v8',
      include: ['shared/domain/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95 },
    },
  },
});
