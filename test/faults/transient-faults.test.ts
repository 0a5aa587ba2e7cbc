import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { FULL, partSeed, SEED, SIZES } from './support/config.ts';
import { makeDataDir, removeDataDir, startChildCloud, stopAllChildren, type ChildCloud } from './support/child-cloud.ts';
import { answerUntilSettled, audit, auditCounts, keyedFiling, retryFiling, type Api, type KeyedFiling } from './support/lifecycle.ts';
import { finding, writePartReport } from './support/report.ts';

/**
 * Injected transient failures (local/lambda/in-process-invoker.ts, local/dynamodb/fault-injection.ts):
 * the local cloud runs with `LOCAL_FAULTS=lambda:0.2,dynamodb:0.2`, so 20 % of the invocations
 * of step functions fail with a retryable Lambda service error before the handler runs, and 20 %
 * of the DynamoDB data calls are answered with a retryable error (500 InternalServerError or 400
 * ProvisionedThroughputExceededException). The workflows retry on States.TaskFailed and the SDK
 * retries; clients retry a 5xx or a lost answer with the same Idempotency-Key. Every execution
 * must still complete: no consignment stuck (and none lost, duplicated or unreviewable).
 */
const RATE = 0.2;
const TIME_SCALE = 60;
/** Real time to settle: 60 virtual minutes, a quarter of the 4 h port-checks deadline. */
const SETTLE_MS = 60_000;

afterAll(async () => {
  await stopAllChildren();
});

describe(`injected transient failures: ${RATE * 100} % of step invocations and DynamoDB calls (seed ${SEED})`, () => {
  it('completes every execution', async () => {
    const faultSeed = partSeed('transient');
    const dataDir = await makeDataDir('transient');
    const started: { cloud?: ChildCloud } = {};
    onTestFinished(async () => {
      await started.cloud?.kill();
      await removeDataDir(dataDir);
    });
    const cloud = (started.cloud = await startChildCloud({
      dataDir,
      timeScale: TIME_SCALE,
      env: { LOCAL_FAULTS: `lambda:${RATE},dynamodb:${RATE}`, LOCAL_FAULTS_SEED: String(faultSeed) },
    }));
    const api: Api = { apiUrl: cloud.apiUrl, token: (request) => cloud.token(request) };
    expect(cloud.stderr.some((l) => l.includes('[local-faults] lambda:')) && cloud.stderr.some((l) => l.includes('[local-faults] dynamodb:')), 'the local cloud announces the faults it injects').toBe(true);

    // Filings, each retried with its key until it gets a final answer (a 5xx is a transient failure).
    const filings: KeyedFiling[] = [];
    for (let i = 0; i < SIZES.transientConsignments; i++) filings.push(keyedFiling(`t-s${SEED}-${i}`, 500 + i));
    const began = Date.now();
    await Promise.all(filings.map((f) => retryFiling(api, f, 30_000)));
    const filed = Date.now();

    const listingFaults: string[] = [];
    const consignments = await answerUntilSettled(api, SETTLE_MS, listingFaults);
    const result = await audit(api, filings, consignments, listingFaults);
    const settled = Date.now();
    const injected = {
      lambda: cloud.stderr.filter((l) => /^\[local-faults\] lambda \S+ →/.test(l)).length,
      dynamodb: cloud.stderr.filter((l) => /^\[local-faults\] dynamodb \S+ →/.test(l)).length,
    };
    await cloud.stop();

    const bad = auditCounts(result);
    const findings: string[] = [];
    for (const name of ['stuck', 'lost', 'duplicated', 'unreviewable', 'retriesRefused', 'listingFaults'] as const) {
      for (const line of result[name]) finding(findings, `transient faults (LOCAL_FAULTS_SEED=${faultSeed}, seed ${SEED}): ${name}: ${line}`);
    }
    const line =
      `transient faults: ${filings.length} keyed filings (${filed - began} ms; answers ${filings.map((f) => f.answers.join('→')).join(' ')}), ${consignments.length} consignments settled and audited in ${settled - filed} ms; injected ${injected.lambda} step invocation failures and ${injected.dynamodb} DynamoDB errors; ` +
      `stuck ${result.stuck.length}, lost ${result.lost.length}, duplicated ${result.duplicated.length}, unreviewable ${result.unreviewable.length}, keyed retries refused ${result.retriesRefused.length}, listing faults ${result.listingFaults.length} ` +
      `(seed ${SEED}, LOCAL_FAULTS_SEED=${faultSeed})`;
    process.stdout.write(`  [faults] ${line}\n`);
    writePartReport({
      part: 'transient',
      seed: SEED,
      full: FULL,
      figures: { ...bad, faultsInjected: injected.lambda + injected.dynamodb },
      findings: [line, ...findings],
    });
    // The faults must really have been injected, or this proves nothing.
    expect(injected.lambda, 'step invocations failed by LOCAL_FAULTS').toBeGreaterThan(0);
    expect(injected.dynamodb, 'DynamoDB calls failed by LOCAL_FAULTS').toBeGreaterThan(0);
    expect(bad, findings.join('\n')).toEqual({ stuck: 0, lost: 0, duplicated: 0, unreviewable: 0, retriesRefused: 0, listingFaults: 0 });
  });
});
