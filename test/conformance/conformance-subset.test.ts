import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '#test/local/stepfunctions/harness.ts';
import { harnessTarget, loadCorpus, runCase } from './run-case.ts';
import { SUBSET } from './subset.ts';

/**
 * The fast part of the conformance suite in `npm test`: a fixed, representative set of cases
 * (test/conformance/subset.ts) run exactly as `npm run conformance` runs the whole corpus, through
 * the AWS SDK against the local Step Functions endpoint.
 */
const corpus = new Map(loadCorpus().map((c) => [c.id, c]));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: 20 });
});
afterAll(() => h.close());

describe.each(Object.entries(SUBSET))('%s', (_group, ids) => {
  it.each(ids)('%s', async (id) => {
    const c = corpus.get(id);
    expect(c, `case ${id} is in the corpus`).toBeDefined();
    if (!c) return;
    const result = await runCase(harnessTarget(h), c);
    expect(result.reason ?? 'pass').toBe('pass');
  });
});
