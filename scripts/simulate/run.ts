import { Api } from './api.ts';
import { fileConsignment, issuePermits, registerMarkets, registerTrains, runTrain } from './drivers.ts';
import { recordAssessments } from './going-out.ts';
import { Desk } from './officers.ts';
import { planDay } from './plan.ts';
import { startProgress } from './progress.ts';
import { Random } from './random.ts';
import { collectSummary, type Summary } from './report.ts';
import { inProcessTarget, runningTarget, type Target } from './target.ts';
import { MINUTE } from './time.ts';
import { sleep, tokenCache, type World } from './world.ts';

export interface SimulationOptions {
  trains: number;
  seed: number;
  /** In-process: the local cloud's; running: read from its DATA_DIR (this one only checks it). */
  timeScale?: number;
  /** Start a local cloud in this process; otherwise drive the one at `apiUrl`. */
  inProcess: boolean;
  apiUrl: string;
  dataDir: string;
  progress: boolean;
  /** Give up (and report what there is) after this many real minutes. */
  maxMinutes: number;
  log?: (line: string) => void;
}

/** Six simulated days in about eight real minutes, with the system keeping up on two cores. */
const DEFAULT_IN_PROCESS_TIME_SCALE = 1200;

/** The trains API is there when the contract lists POST /trains. */
async function hasTrainsApi(apiUrl: string): Promise<boolean> {
  const response = await fetch(`${apiUrl}/openapi.json`);
  if (!response.ok) return false;
  const document = (await response.json()) as { paths?: Record<string, Record<string, unknown>> };
  return document.paths?.['/trains']?.post !== undefined;
}

/**
 * Runs one simulated day against the system and reads back what it shows. Resolves once every
 * consignment is released or rejected and nothing is left to answer (or at `maxMinutes`).
 */
export async function runSimulation(options: SimulationOptions): Promise<Summary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const target: Target = options.inProcess
    ? await inProcessTarget({ timeScale: options.timeScale ?? DEFAULT_IN_PROCESS_TIME_SCALE })
    : await runningTarget({ apiUrl: options.apiUrl, dataDir: options.dataDir, ...(options.timeScale !== undefined && { timeScale: options.timeScale }), log });
  try {
    // On a system that keeps its data, a second run of the same seed needs other train numbers.
    const runTag = target.mode === 'running' ? Math.floor(Date.now() / 60_000).toString(36).slice(-3).toUpperCase() : undefined;
    const plan = planDay({ seed: options.seed, trains: options.trains, ...(runTag && { runTag }) });
    const api = new Api(target.apiUrl);
    const tokens = tokenCache(target);
    const desks = new Map<string, Desk>();
    const started = performance.now();
    const world: World = {
      target,
      api,
      plan,
      withTrains: await hasTrainsApi(target.apiUrl),
      // A whole minute, so timetables read well.
      startVirtual: Math.ceil(target.now() / MINUTE) * MINUTE,
      startedAt: new Date(Date.now() - 1000).toISOString(),
      consignments: new Map(),
      trains: new Map(),
      trainById: new Map(),
      filingsInFlight: 0,
      lagMinutes: [],
      problems: [],
      counters: { filed: 0, tasksCompleted: 0, trainEvents: 0, trainsRegistered: 0, finalActions: 0, coveredByTrain: 0, pendingAnswers: 0 },
      stopping: false,
      poke: (bureau) => desks.get(bureau)?.poke(),
      officer: (bureau, which) => tokens.officer(bureau, which),
      declarant: tokens.declarant,
      hq: tokens.hq,
    };
    if (!world.withTrains) log('The API has no POST /trains: consignments are filed without trains, and port checks are answered one by one.');

    const random = new Random(options.seed).fork('officers on duty');
    const bureaus = new Set(plan.trains.flatMap((t) => [t.portBureau, t.inlandBureau]));
    for (const bureau of bureaus) desks.set(bureau, new Desk(bureau, world, () => random.float()));
    const deskLoops = [...desks.values()].map((desk) => desk.run());

    const progress = startProgress(world, { enabled: options.progress, out: log });
    const ticker = setInterval(() => progress.update(), 500);
    const deadline = Date.now() + options.maxMinutes * 60_000;
    try {
      await issuePermits(world);
      await recordAssessments(world);
      await registerMarkets(world);
      if (world.withTrains) await registerTrains(world);
      const scripted = [
        ...[...world.trains.values()].map((state) => runTrain(world, state)),
        ...plan.trains.flatMap((train) => train.consignments.map((c) => fileConsignment(world, c, train))),
      ].map((p) => p.catch((error: unknown) => void world.problems.push(error instanceof Error ? error.message : String(error))));
      await Promise.race([Promise.all(scripted), sleep(Math.max(0, deadline - Date.now()))]);
      // Then until every answer is given and the workflows have closed.
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        if (world.counters.pendingAnswers > 0) quietSince = Date.now();
        else if (Date.now() - quietSince > 5000 && (await allSettled(world).catch(() => false))) break;
        else if (Date.now() - quietSince > 60_000) {
          world.problems.push('stopped waiting: nothing left to answer, but some consignments are not released or rejected');
          break;
        }
        await sleep(1000);
      }
      if (Date.now() >= deadline) world.problems.push(`stopped at --max-minutes ${options.maxMinutes}`);
    } finally {
      clearInterval(ticker);
      progress.update();
      progress.stop();
      world.stopping = true;
      desks.forEach((desk) => desk.poke());
      await Promise.all(deskLoops);
    }
    const realSeconds = (performance.now() - started) / 1000;
    world.stopping = false;
    return await collectSummary(world, realSeconds);
  } finally {
    await target.close();
  }
}

/** True when every consignment filed is released or rejected (one listing page per status). */
async function allSettled(world: World): Promise<boolean> {
  const token = await world.hq();
  let settled = 0;
  for (const status of ['released', 'rejected']) {
    for await (const items of world.api.pages<{ id: string }>(`/consignments?status=${status}`, token)) {
      settled += items.filter((c) => world.consignments.has(c.id)).length;
    }
  }
  return settled >= world.consignments.size;
}
