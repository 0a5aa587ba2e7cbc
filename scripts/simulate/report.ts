import { CONSIGNMENT_STATUSES } from '#shared/domain/consignment-status.ts';
import { mapWithConcurrency } from '#shared/review/concurrency.ts';
import { facts, quantile, type Stats, type StatsRecord } from '#shared/review/stats.ts';
import type { AuditEventLike } from '#shared/review/timeline.ts';
import { planTotals } from './plan.ts';
import { Random } from './random.ts';
import type { World } from './world.ts';

/**
 * What the day showed, read back through the API once it is over: every consignment with its
 * audit trail, every execution's history (state transitions, what Step Functions bills), the
 * official GET /stats, and the counterfactual where every import is opened at the port.
 *
 * Durations: the API stamps events with its own (wall) clock while timers run on the virtual
 * one, so a duration measured from events is multiplied by the time scale to read as simulated
 * time. That also scales the system's own processing time, which the summary reports as lag.
 */
const READ_CONCURRENCY = 8;
/** Step Functions Standard: $0.025 per 1,000 state transitions (us-east-1, 2024). */
const USD_PER_TRANSITION = 0.025 / 1000;

interface ConsignmentRead {
  id: string;
  status: string;
  direction: 'import' | 'export';
  portCode: string;
  portBureau: string;
  responsibleBureaus: string[];
  createdAt: string;
  trainId?: string;
  containers: unknown[];
  events: AuditEventLike[];
}

interface TrainRead {
  id: string;
  actual?: Record<string, { at: string } | undefined>;
  runSummary?: { counts?: Record<string, number>; heldBack?: unknown[]; awaitingOfficer?: unknown[] };
  clearance?: { heldBack?: unknown[] };
}

export interface Summary {
  run: { mode: string; seed: number; trains: number; timeScale: number; withTrains: boolean; realSeconds: number; simulatedHours: number };
  plan: { trains: number; outbound: number; containers: number; consignments: number };
  finalStatus: Record<string, number>;
  throughput: { consignmentsFiled: number; settledPerRealMinute: number; apiCallsPerSecond: number; tasksAnswered: number; trainEvents: number };
  latency: { calls: number; retries: number; p50Ms: number; p99Ms: number; byRoute: Array<{ route: string; calls: number; p50Ms: number; p99Ms: number }> };
  lag: { p50Minutes: number; p99Minutes: number };
  transitions: {
    perConsignment: { executions: number; mean: number; p50: number; p90: number; max: number };
    byPath: Array<{ path: string; consignments: number; mean: number }>;
    perTrainRun: { executions: number; mean: number; max: number };
    usdPer1000Consignments: number;
  };
  /** Deadlines passed, by task kind (each re-arms the task and tells a bureau). */
  escalations: Record<string, number>;
  trainRuns: { coveredByTrain: number; heldBack: number; awaitingOfficer: number };
  stats: Stats;
  /** 408号 三（三）: imports on inbound trains (GET /stats `returnCargo`). */
  returnCargo: { consignments: number; containers: number; share: number | null };
  /** The designated sites in force, as the register says (GET /designated-sites): where high-risk goods may go direct-through. */
  designatedSites: string[];
  /** The same durations as simulated time (seconds × time scale). */
  simulatedHours: { filingToRelease: { median: number | null; p90: number | null }; portDwell: { median: number | null; p90: number | null } };
  counterfactual: Counterfactual;
  problems: string[];
  /** What the local cloud's emulators logged (in-process only): deliveries retried, events dropped. */
  diagnostics: string[];
}

export interface Counterfactual {
  imports: number;
  openedAtPort: { actual: number; counterfactual: number };
  containersOpened: { actual: number; counterfactual: number };
  portInspection: { measured: number; medianMinutes: number | null; p90Minutes: number | null; officerHoursActual: number; officerHoursCounterfactual: number };
  importPortDwellHours: { actual: { median: number | null; p90: number | null }; counterfactual: { median: number | null; p90: number | null } };
  importFilingToReleaseHours: { actual: { median: number | null; p90: number | null }; counterfactual: { median: number | null; p90: number | null } };
}

const round = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits)));
const pct = (values: number[], q: number) => round(quantile(values, q), 1) ?? 0;

async function readAll<T>(world: World, paths: string[]): Promise<Array<T | undefined>> {
  const token = await world.hq();
  return mapWithConcurrency(paths, READ_CONCURRENCY, async (path) => {
    const answer = await world.api.call<T>('GET', path, token);
    if (answer.status !== 200) {
      world.problems.push(`GET ${path}: ${answer.status}`);
      return undefined;
    }
    return answer.body;
  });
}

function pathOf(c: ConsignmentRead): string {
  const opened = (kind: string) => c.events.some((e) => e.type === 'task-opened' && e.data?.kind === kind);
  const disposal = c.events.some((e) => e.type.endsWith('-completed') && e.data?.outcome === 'fail');
  const base =
    c.direction === 'import'
      ? opened('port-inspection') ? 'import, opened at the port' : 'import, direct-through'
      : opened('port-inspection') ? 'export, port inspection' : 'export, direct release';
  return `${base}${disposal ? ' (nonconformity)' : ''}`;
}

export async function collectSummary(world: World, realSeconds: number): Promise<Summary> {
  const scale = world.target.timeScale;
  const ids = [...world.consignments.keys()];
  const consignments = (await readAll<ConsignmentRead>(world, ids.map((id) => `/consignments/${id}`))).filter((c): c is ConsignmentRead => c !== undefined);
  const trains = world.withTrains ? (await readAll<TrainRead>(world, [...world.trainById.keys()].map((id) => `/trains/${encodeURIComponent(id)}`))).filter((t): t is TrainRead => t !== undefined) : [];
  const arrivedAt = new Map(trains.map((t) => [t.id, t.actual?.['arrived-at-border']?.at]));

  // State transitions: StateEntered events of each execution's history.
  type Review = { history: { events: Array<{ type: string }> } };
  const entered = (review: Review | undefined) => review?.history.events.filter((e) => e.type.endsWith('StateEntered')).length;
  const reviews = await readAll<Review>(world, ids.map((id) => `/executions/${id}`));
  const perConsignment = reviews.map(entered).filter((n): n is number => n !== undefined);
  const enteredById = new Map(ids.map((id, i) => [id, entered(reviews[i])]));
  const byPath = new Map<string, number[]>();
  consignments.forEach((c) => {
    const n = enteredById.get(c.id);
    if (n === undefined) return;
    const path = pathOf(c);
    const list = byPath.get(path) ?? [];
    list.push(n);
    byPath.set(path, list);
  });
  const hqToken = await world.hq();
  const listings = await mapWithConcurrency(world.withTrains ? [...world.trainById.keys()] : [], READ_CONCURRENCY, (trainId) =>
    world.api.call<{ items: Array<{ name: string; workflow: string }> }>('GET', `/executions?workflow=TrainRun&train=${encodeURIComponent(trainId)}`, hqToken),
  );
  const runNames = listings.flatMap((listing) => (listing.body.items ?? []).map((e) => e.name));
  const perRun = (await readAll<Review>(world, runNames.map((name) => `/executions/${encodeURIComponent(name)}`))).map(entered).filter((n): n is number => n !== undefined);

  const stats = await world.api.ok<{ stats: Stats & { returnCargo?: { consignments: number; containers: number; ofImports: { share: number | null } } } }>(
    'GET',
    `/stats?from=${encodeURIComponent(world.startedAt)}`,
    hqToken,
  );
  // A system without the register (an older one driven over HTTP) answers 404: no sites to list.
  const sites = await world.api.call<{ items?: Array<{ id: string; bureau: string; categories: string[] }> }>('GET', '/designated-sites?status=active', hqToken);
  const records: StatsRecord[] = consignments.map((c) => ({
    consignment: { ...c, status: c.status as StatsRecord['consignment']['status'] },
    events: c.events,
    ...(c.trainId && arrivedAt.get(c.trainId) ? { trainArrivedAtBorder: arrivedAt.get(c.trainId) } : {}),
  }));
  const sim = (seconds: number | null) => (seconds === null ? null : round((seconds * scale) / 3600, 2));
  const finalStatus = Object.fromEntries(CONSIGNMENT_STATUSES.map((s) => [s, consignments.filter((c) => c.status === s).length]).filter(([, n]) => n !== 0));
  const settled = consignments.filter((c) => c.status === 'released' || c.status === 'rejected').length;
  const latencies = world.api.allLatencies();

  return {
    run: {
      mode: world.target.mode,
      seed: world.plan.seed,
      trains: world.plan.trains.length,
      timeScale: scale,
      withTrains: world.withTrains,
      realSeconds: round(realSeconds, 1) ?? 0,
      simulatedHours: round((realSeconds * scale) / 3600, 1) ?? 0,
    },
    plan: planTotals(world.plan),
    finalStatus,
    throughput: {
      consignmentsFiled: world.counters.filed,
      settledPerRealMinute: round(settled / (realSeconds / 60), 1) ?? 0,
      apiCallsPerSecond: round(latencies.length / realSeconds, 1) ?? 0,
      tasksAnswered: world.counters.tasksCompleted,
      trainEvents: world.counters.trainEvents,
    },
    latency: {
      calls: latencies.length,
      retries: world.api.retries,
      p50Ms: pct(latencies, 0.5),
      p99Ms: pct(latencies, 0.99),
      byRoute: [...world.api.latencies.entries()]
        .map(([route, list]) => ({ route, calls: list.length, p50Ms: pct(list, 0.5), p99Ms: pct(list, 0.99) }))
        .sort((a, b) => b.calls - a.calls),
    },
    lag: { p50Minutes: pct(world.lagMinutes, 0.5), p99Minutes: pct(world.lagMinutes, 0.99) },
    transitions: {
      perConsignment: {
        executions: perConsignment.length,
        mean: round(perConsignment.reduce((a, b) => a + b, 0) / Math.max(1, perConsignment.length), 2) ?? 0,
        p50: pct(perConsignment, 0.5),
        p90: pct(perConsignment, 0.9),
        max: Math.max(0, ...perConsignment),
      },
      byPath: [...byPath.entries()].map(([path, list]) => ({ path, consignments: list.length, mean: round(list.reduce((a, b) => a + b, 0) / list.length, 2) ?? 0 })).sort((a, b) => b.consignments - a.consignments),
      perTrainRun: { executions: perRun.length, mean: round(perRun.reduce((a, b) => a + b, 0) / Math.max(1, perRun.length), 2) ?? 0, max: Math.max(0, ...perRun) },
      usdPer1000Consignments:
        round(((perConsignment.reduce((a, b) => a + b, 0) + perRun.reduce((a, b) => a + b, 0)) / Math.max(1, perConsignment.length)) * USD_PER_TRANSITION * 1000, 3) ?? 0,
    },
    escalations: escalationsByKind(consignments),
    trainRuns: {
      coveredByTrain: consignments.filter((c) => c.events.some((e) => e.type === 'port-checks-completed' && e.data?.completedFrom === 'train-results')).length,
      heldBack: trains.reduce((n, t) => n + (t.clearance?.heldBack?.length ?? 0), 0),
      awaitingOfficer: trains.reduce((n, t) => n + (t.runSummary?.awaitingOfficer?.length ?? 0), 0),
    },
    stats: stats.stats,
    returnCargo: { consignments: stats.stats.returnCargo?.consignments ?? 0, containers: stats.stats.returnCargo?.containers ?? 0, share: stats.stats.returnCargo?.ofImports.share ?? null },
    designatedSites: (sites.status === 200 ? (sites.body.items ?? []) : []).map((site) => `${site.bureau} ${site.categories.join('/')} (${site.id})`),
    simulatedHours: {
      filingToRelease: { median: sim(stats.stats.filingToRelease.medianSeconds), p90: sim(stats.stats.filingToRelease.p90Seconds) },
      portDwell: { median: sim(stats.stats.portDwell.medianSeconds), p90: sim(stats.stats.portDwell.p90Seconds) },
    },
    counterfactual: counterfactual(records, consignments, scale, world.plan.seed),
    problems: world.problems,
    diagnostics: world.target.diagnostics().slice(0, 50),
  };
}

function escalationsByKind(consignments: ConsignmentRead[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of consignments) {
    for (const e of c.events) {
      if (e.type !== 'task-escalated') continue;
      const kind = typeof e.data?.kind === 'string' ? e.data.kind : 'unknown';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Every import opened at the port: each direct-through import gets a port inspection as long as
 * one that was measured today (drawn from them with the run's seed), added to its port dwell and
 * to its filing-to-release time; the containers opened and the port's inspection hours follow.
 * Per consignment, it ignores queueing at the port, so it understates the difference.
 */
function counterfactual(records: StatsRecord[], reads: ConsignmentRead[], scale: number, seed: number): Counterfactual {
  const random = new Random(seed).fork('counterfactual');
  const containersOf = new Map(reads.map((c) => [c.id, c.containers.length]));
  const imports = records.filter((r) => r.consignment.direction === 'import');
  const inspectionMs: number[] = [];
  for (const r of imports) {
    const opened = r.events.find((e) => e.type === 'task-opened' && e.data?.kind === 'port-inspection');
    const done = r.events.find((e) => e.type === 'port-inspection-completed');
    if (opened && done) inspectionMs.push((Date.parse(done.at) - Date.parse(opened.at)) * scale);
  }
  const drawn = () => (inspectionMs.length === 0 ? 0 : (inspectionMs[Math.floor(random.float() * inspectionMs.length)] ?? 0));
  const dwell = { actual: [] as number[], counterfactual: [] as number[] };
  const release = { actual: [] as number[], counterfactual: [] as number[] };
  let opened = 0;
  let wouldOpen = 0;
  let containers = 0;
  let wouldContainers = 0;
  let extraMs = 0;
  for (const r of imports) {
    const f = facts(r);
    const boxes = containersOf.get(r.consignment.id) ?? 1;
    const pastPort = f.portChecksCompleted && !f.stoppedAtPort;
    const add = pastPort && !f.portInspectionOpened ? drawn() : 0;
    extraMs += add;
    if (f.portInspectionOpened) {
      opened += 1;
      containers += boxes;
    }
    if (f.portInspectionOpened || pastPort) {
      wouldOpen += 1;
      wouldContainers += boxes;
    }
    if (f.portDwellMs !== undefined) {
      dwell.actual.push(f.portDwellMs * scale);
      dwell.counterfactual.push(f.portDwellMs * scale + add);
    }
    if (r.consignment.status === 'released' && f.filingToReleaseMs !== undefined) {
      release.actual.push(f.filingToReleaseMs * scale);
      release.counterfactual.push(f.filingToReleaseMs * scale + add);
    }
  }
  const hours = (values: number[]) => ({ median: round((quantile(values, 0.5) ?? Number.NaN) / 3_600_000, 2), p90: round((quantile(values, 0.9) ?? Number.NaN) / 3_600_000, 2) });
  const measuredHours = inspectionMs.reduce((a, b) => a + b, 0) / 3_600_000;
  return {
    imports: imports.length,
    openedAtPort: { actual: opened, counterfactual: wouldOpen },
    containersOpened: { actual: containers, counterfactual: wouldContainers },
    portInspection: {
      measured: inspectionMs.length,
      medianMinutes: round((quantile(inspectionMs, 0.5) ?? Number.NaN) / 60_000, 1),
      p90Minutes: round((quantile(inspectionMs, 0.9) ?? Number.NaN) / 60_000, 1),
      officerHoursActual: round(measuredHours, 1) ?? 0,
      officerHoursCounterfactual: round(measuredHours + extraMs / 3_600_000, 1) ?? 0,
    },
    importPortDwellHours: { actual: hours(dwell.actual), counterfactual: hours(dwell.counterfactual) },
    importFilingToReleaseHours: { actual: hours(release.actual), counterfactual: hours(release.counterfactual) },
  };
}

