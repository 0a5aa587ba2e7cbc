import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { FULL, partSeed, rng, SEED, SIZES } from './support/config.ts';
import { makeDataDir, removeDataDir, startChildCloud, stopAllChildren, type ChildCloud } from './support/child-cloud.ts';
import { call, resetConnections, sleep } from './support/http.ts';
import {
  answerOpenTasks,
  answerUntilSettled,
  audit,
  auditCounts,
  keyedFiling,
  retryCompletion,
  retryFiling,
  sendFiling,
  type Api,
  type Audit,
  type KeyedCompletion,
  type KeyedFiling,
} from './support/lifecycle.ts';
import { finding, writePartReport } from './support/report.ts';

/**
 * SIGKILL at a random moment (from the seed) during a burst of keyed filings and officers'
 * completions, then a restart on the same DATA_DIR: every request whose answer was lost is
 * retried with the same Idempotency-Key and body, officers answer every open task, and the
 * consignments must all settle. Counted:
 * - lost: a filing that got a 2xx (first or on a keyed retry) that does not exist;
 * - duplicated: more than one consignment for one key;
 * - stuck: a consignment not released or rejected once every task was answered, within a bound
 *   (well under the shortest task deadline at this TIME_SCALE, so a workflow left waiting for its
 *   deadline to heal it counts);
 * - unreviewable: a consignment whose execution GET /executions does not list for HQ;
 * - keyed retries refused: a filing whose answer was lost and whose keyed retries never got a
 *   2xx ("a retry with the same key and body must return the original answer, whenever it comes");
 * - listing faults: HQ's GET /consignments shows a consignment twice, or not at all, or one that
 *   GET /consignments/{id} does not know.
 */
const TIME_SCALE = 60;
/** Real time to settle after the restart: 40 virtual minutes, a sixth of the 4 h port-checks deadline. */
const SETTLE_MS = 40_000;
/** Keyed retries go on this long (the in-progress marker of a request cut off lasts the function's timeout, 10 s). */
const RETRY_MS = 25_000;
/** Filings are paced over the burst, so that the kill finds some in every stage. */
const FILING_SPACING_MS = 60;

const totals: Audit & { filings: number; lostAnswers: number; completionsLost: number; completionRetries: string[] } = {
  listingFaults: [],
  lost: [],
  duplicated: [],
  stuck: [],
  unreviewable: [],
  retriesRefused: [],
  filings: 0,
  lostAnswers: 0,
  completionsLost: 0,
  completionRetries: [],
};
const findings: string[] = [];
let roundsRun = 0;

afterAll(async () => {
  await stopAllChildren();
});

async function crashRound(round: number): Promise<Audit> {
  const random = rng(partSeed(`crash-${round}`));
  const dataDir = await makeDataDir(`crash-${round}`);
  let cloud: ChildCloud | undefined;
  onTestFinished(async () => {
    await cloud?.kill();
    // FAULTS_KEEP_DATA=1 keeps the state of each round to look into (`DATA_DIR=<dir> npm start`).
    if (process.env.FAULTS_KEEP_DATA === '1') process.stdout.write(`  [faults] round ${round} state kept in ${dataDir}\n`);
    else await removeDataDir(dataDir);
  });
  const t0 = Date.now();
  const phases: string[] = [];
  const phase = (name: string) => phases.push(`${name} ${Date.now() - t0}`);
  cloud = await startChildCloud({ dataDir, timeScale: TIME_SCALE });
  phase('started');
  const api: Api = { get apiUrl() { return cloud!.apiUrl; }, token: (request) => cloud!.token(request) };

  // Before the burst: a few filings whose tasks are open, so that completions run during it.
  const filings: KeyedFiling[] = [];
  const completions: KeyedCompletion[] = [];
  const containers = new Map<string, string[]>();
  for (let i = 0; i < 4; i++) {
    const filing = keyedFiling(`r${round}-s${SEED}-pre${i}`, round * 1000 + i);
    filings.push(filing);
    expect(await sendFiling(api, filing)).toBe(201);
  }
  const opened = Date.now() + 15_000;
  while (Date.now() < opened) {
    let open = 0;
    for (const bureau of ['XJ', 'ZJ']) {
      const page = await call<{ items: unknown[] }>(api.apiUrl, 'GET', '/tasks?limit=100', await api.token({ bureau, role: 'officer' }));
      open += page.body?.items.length ?? 0;
    }
    if (open >= 4) break;
    await sleep(100);
  }

  phase('tasks open');
  // The burst: paced keyed filings, and officers answering whatever task they see, until the kill.
  const killAfter = 100 + Math.floor(random() * SIZES.crashFilings * FILING_SPACING_MS);
  let killed = false;
  const began = Date.now();
  const burst: Array<Promise<unknown>> = [];
  for (let i = 0; i < SIZES.crashFilings; i++) {
    burst.push(
      (async () => {
        await sleep(i * FILING_SPACING_MS);
        if (killed) return;
        const filing = keyedFiling(`r${round}-s${SEED}-f${i}`, round * 1000 + 100 + i);
        filings.push(filing);
        await sendFiling(api, filing);
      })(),
    );
  }
  for (let officerLoop = 0; officerLoop < 2; officerLoop++) {
    burst.push(
      (async () => {
        while (!killed) {
          await answerOpenTasks(api, containers, { bureaus: officerLoop === 0 ? ['XJ', 'CQ'] : ['ZJ', 'XJ'], onCompletion: (c) => completions.push(c), stop: () => killed });
          await sleep(20);
        }
      })(),
    );
  }
  await sleep(killAfter);
  killed = true;
  await cloud.kill();
  await Promise.all(burst);
  resetConnections();
  const inFlight = filings.filter((f) => f.answers.at(-1) === 0).length;
  const completionsInFlight = completions.filter((c) => c.answers.at(-1) === 0).length;

  phase('killed');
  // Restart on the same state; retry every request whose answer was lost, with the same key and body.
  cloud = await startChildCloud({ dataDir, timeScale: TIME_SCALE });
  phase('restarted');
  await Promise.all([
    ...filings.filter((f) => f.answers.at(-1) === 0 || (f.answers.at(-1) ?? 0) >= 500).map((f) => retryFiling(api, f, RETRY_MS)),
    ...completions
      .filter((c) => c.answers.at(-1) === 0 || (c.answers.at(-1) ?? 0) >= 500)
      .map(async (c) => {
        await retryCompletion(api, c, RETRY_MS);
        totals.completionRetries.push(`${c.taskId}: ${c.answers.join(' → ')}${c.problem ? ` (${c.problem})` : ''}`);
      }),
  ]);

  phase('retried');
  // Officers answer every open task until everything settles (or the bound passes).
  const listingFaults: string[] = [];
  const consignments = await answerUntilSettled(api, SETTLE_MS, listingFaults);
  phase('settled');
  const result = await audit(api, filings, consignments, listingFaults);
  phase('audited');
  roundsRun++;
  totals.filings += filings.length;
  totals.lostAnswers += inFlight;
  totals.completionsLost += completionsInFlight;
  for (const name of ['lost', 'duplicated', 'stuck', 'unreviewable', 'retriesRefused', 'listingFaults'] as const) {
    for (const line of result[name]) finding(findings, `round ${round} (killed after ${killAfter} ms, seed ${SEED}): ${name}: ${line}`);
    totals[name].push(...result[name]);
  }
  process.stdout.write(
    `  [faults] crash round ${round}: killed after ${Date.now() - began > killAfter ? killAfter : Date.now() - began} ms; ${filings.length} keyed filings (${inFlight} answers lost), ` +
      `${completions.length} completions (${completionsInFlight} answers lost); ${consignments.length} consignments: lost ${result.lost.length}, duplicated ${result.duplicated.length}, ` +
      `stuck ${result.stuck.length}, unreviewable ${result.unreviewable.length}, keyed retries refused ${result.retriesRefused.length}, listing faults ${result.listingFaults.length} (ms: ${phases.join(', ')})\n`,
  );
  await cloud.stop();
  return result;
}

describe(`SIGKILL during bursts of filings and completions, then keyed retries (seed ${SEED})`, () => {
  for (let round = 1; round <= SIZES.crashRounds; round++) {
    it(`round ${round}: nothing lost, duplicated, stuck or unreviewable`, async () => {
      const result = await crashRound(round);
      const bad = [...result.lost, ...result.duplicated, ...result.stuck, ...result.unreviewable, ...result.retriesRefused, ...result.listingFaults];
      expect(auditCounts(result), `seed ${SEED}, round ${round}:\n${bad.join('\n')}`).toEqual({ lost: 0, duplicated: 0, stuck: 0, unreviewable: 0, retriesRefused: 0, listingFaults: 0 });
    });
  }

  it('sums up the rounds', () => {
    const line =
      `crash: ${roundsRun} rounds, ${totals.filings} keyed filings (${totals.lostAnswers} answers lost at the kill), ${totals.completionsLost} completion answers lost; ` +
      `lost ${totals.lost.length}, duplicated ${totals.duplicated.length}, stuck ${totals.stuck.length}, unreviewable ${totals.unreviewable.length}, keyed retries refused ${totals.retriesRefused.length}, listing faults ${totals.listingFaults.length} (seed ${SEED})`;
    process.stdout.write(`  [faults] ${line}\n`);
    writePartReport({
      part: 'crash',
      seed: SEED,
      full: FULL,
      figures: {
        crashRounds: roundsRun,
        filingsKeyed: totals.filings,
        lost: totals.lost.length,
        duplicated: totals.duplicated.length,
        stuck: totals.stuck.length,
        unreviewable: totals.unreviewable.length,
        retriesRefused: totals.retriesRefused.length,
        listingFaults: totals.listingFaults.length,
      },
      findings: [line, ...findings, ...totals.completionRetries.map((c) => `completion retried: ${c}`)],
    });
    // Each round asserts its own counts; this one only checks that every round ran to its count.
    expect(roundsRun, 'every crash round ran to its audit').toBe(SIZES.crashRounds);
  });
});
