/**
 * `npm run bench:day -- --consignments N --clients C`: a peak day through the HTTP API of the
 * local cloud as `npm start` runs it (a child process, DATA_DIR on disk: durable). C concurrent
 * clients file N consignments (imports and exports over the four border ports, half of them on
 * trains registered up front; `day/mix.ts`), automated officers answer every task as soon as it
 * appears (`day/officers.ts`), and the run stops when every consignment is released or rejected
 * (or at the timeout). It prints consignments settled per second (first filing to last
 * settlement), API latency (all calls and per route), calls/s, CPU seconds per consignment of
 * the local cloud's processes, their peak RSS, AWS service calls per consignment, and every
 * error; then one JSON line with all figures.
 *
 * Options: --consignments N (5000), --clients C (32), --seed S (1), --timeout-minutes M (30),
 * --keep (keep the data directory), --no-service-calls (do not preload the call counter),
 * --cpu-profile DIR (write a CPU profile of the local cloud's main thread there, see day/cpu-profile.mjs),
 * --json FILE (also write the JSON there).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalIssuer, readIssuerSettings } from '#local/auth/issuer.ts';
import { loadOrCreateSigningKey } from '#local/auth/signing-key.ts';
import type { CallerRole } from '#shared/auth/claims.ts';
import { CONSIGNMENT_STATUSES, TERMINAL_STATUSES } from '#shared/domain/consignment-status.ts';
import { Client, percentile, sleep, type ErrorRecord } from './day/client.ts';
import { machineBusySeconds, startCloudProcess, type CloudProcess } from './day/cloud-process.ts';
import { planDay } from './day/mix.ts';
import { latencySummary, round } from './latency.ts';
import { permitBody } from '../scripts/simulate/permits.ts';
import { Desk, inParallel } from './day/officers.ts';
import { plannedMarkets } from '../scripts/simulate/markets.ts';

const USAGE = `Usage: npm run bench:day -- [--consignments N] [--clients C] [--seed S] [--timeout-minutes M] [--keep] [--no-service-calls] [--cpu-profile DIR] [--json FILE]`;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      consignments: { type: 'string', default: '5000' },
      clients: { type: 'string', default: '32' },
      seed: { type: 'string', default: '1' },
      'timeout-minutes': { type: 'string', default: '30' },
      keep: { type: 'boolean', default: false },
      'no-service-calls': { type: 'boolean', default: false },
      json: { type: 'string' },
      'cpu-profile': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const positive = (name: string, raw: string) => {
    const n = Number(raw);
    if (!(Number.isFinite(n) && n > 0)) {
      process.stderr.write(`--${name} must be a positive number\n${USAGE}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    consignments: Math.floor(positive('consignments', values.consignments)),
    clients: Math.floor(positive('clients', values.clients)),
    seed: Math.floor(positive('seed', values.seed)),
    timeoutMs: positive('timeout-minutes', values['timeout-minutes']) * 60_000,
    keep: values.keep,
    countCalls: !values['no-service-calls'],
    cpuProfileDir: values['cpu-profile'] === undefined ? undefined : resolve(values['cpu-profile']),
    json: values.json,
  };
}

const NON_TERMINAL = CONSIGNMENT_STATUSES.filter((s) => !(TERMINAL_STATUSES as readonly string[]).includes(s));
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Summary {
  id: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** Every consignment in the given statuses (HQ lists all), page by page. */
async function listAll(client: Client, token: string, statuses: readonly string[]): Promise<Summary[]> {
  const all: Summary[] = [];
  for (const status of statuses) {
    let nextToken: string | undefined;
    do {
      const page = await client.call<{ items: Summary[]; nextToken?: string }>(
        'GET',
        `/consignments?status=${status}&limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`,
        token,
      );
      if (page.status !== 200) throw new Error(`listing ${status} consignments answered ${page.status}`);
      all.push(...page.body.items);
      nextToken = page.body.nextToken;
    } while (nextToken);
  }
  return all;
}

async function run(cloudRef: { current?: CloudProcess }, workDir: string): Promise<{ ok: boolean }> {
  const opts = options();
  const runId = Date.now().toString(36);
  log(`bench:day: ${opts.consignments} consignments, ${opts.clients} clients, seed ${opts.seed}; starting the local cloud (tsx local/start.ts, DATA_DIR=${join(workDir, 'data')})`);
  if (opts.cpuProfileDir !== undefined) mkdirSync(opts.cpuProfileDir, { recursive: true });
  const cloud = await startCloudProcess({ workDir, countCalls: opts.countCalls, ...(opts.cpuProfileDir !== undefined && { cpuProfileDir: opts.cpuProfileDir }) });
  cloudRef.current = cloud;
  log(`  ready in ${Math.round(cloud.startedInMs)} ms at ${cloud.apiUrl} (pid ${cloud.pid})`);

  // Tokens as `npm run token` mints them: the signing key and issuer settings in DATA_DIR.
  const settings = await readIssuerSettings(cloud.dataDir);
  if (!settings) throw new Error(`no issuer settings in ${cloud.dataDir}`);
  const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(cloud.dataDir), ...settings });
  const mint = (bureau: string, role: CallerRole, enterprise?: string) => issuer.mintToken({ bureau, role, enterprise, expiresInSeconds: 6 * 3600 });

  const plan = planDay({ consignments: opts.consignments, seed: opts.seed, now: Date.now() });
  const bureaus = [...new Set([...plan.bureaus, ...plan.trains.map((t) => t.portBureau)])].sort();
  const officerTokens = new Map<string, string>();
  for (const bureau of bureaus) officerTokens.set(bureau, await mint(bureau, 'officer'));
  const declarantTokens = new Map<string, string>();
  for (const e of plan.enterprises) declarantTokens.set(e.creditCode, await mint(e.bureau, 'declarant', e.creditCode));
  const hq = await mint('HQ', 'hq');

  // Trains up front (not part of the measured window; their calls are reported apart).
  const setup = new Client(cloud.apiUrl);
  const trainIds = new Map<string, string>();
  await inParallel(plan.trains, opts.clients, async (train) => {
    const answer = await setup.call<{ id: string }>('POST', '/trains', officerTokens.get(train.portBureau)!, {
      body: train.body,
      idempotencyKey: `bench-day-${runId}-train-${train.key}`,
    });
    if (answer.status === 201 || answer.status === 200) trainIds.set(train.key, answer.body.id);
  });
  // The importers' permits for meat and grain (§7), registered by their bureaus, also up front.
  let permitsIssued = 0;
  await inParallel(plan.permits, opts.clients, async (permit) => {
    const answer = await setup.call('POST', '/permits', officerTokens.get(permit.bureau)!, { body: permitBody(permit), idempotencyKey: `bench-day-${runId}-permit-${permit.number}` });
    if (answer.status === 201) permitsIssued += 1;
  });
  // The purchase-location bureaus' markets and their traders, for the market-procurement exports.
  for (const { bureau, market, traders } of plannedMarkets(plan.filings.map((f) => f.filing))) {
    const token = officerTokens.get(bureau) ?? (await mint(bureau, 'officer'));
    await setup.call('POST', '/markets', token, { body: market, idempotencyKey: `bench-day-${runId}-market-${market.id}` });
    await inParallel(traders, opts.clients, async (trader) => {
      await setup.call('PUT', `/markets/${market.id}/traders/${trader.creditCode}`, token, { body: trader.registration, idempotencyKey: `bench-day-${runId}-trader-${market.id}-${trader.creditCode}` });
    });
  }
  const linked = plan.filings.filter((f) => f.trainKey !== undefined).length;
  log(`  ${permitsIssued} of ${plan.permits.length} permits registered`);
  log(`  ${trainIds.size} of ${plan.trains.length} trains registered (${linked} consignments ride them); ${bureaus.length} officer desks`);

  // The run.
  const client = new Client(cloud.apiUrl);
  const filed = new Map<string, { containers: string[]; bureaus: string[] }>();
  let stopping = false;
  const desks = new Map<string, Desk>();
  const office = {
    client,
    runId,
    stopping: () => stopping,
    containersOf: (id: string) => filed.get(id)?.containers,
    nextBureaus: (id: string) => filed.get(id)?.bureaus ?? [],
    poke: (bureau: string) => desks.get(bureau)?.poke(),
  };
  for (const bureau of bureaus) desks.set(bureau, new Desk(bureau, officerTokens.get(bureau)!, office));

  const samples: Array<{ at: number; rssKb: number }> = [];
  let peakTreeRssKb = 0;
  const sampleMemory = () => {
    const rssKb = cloud.processes().reduce((sum, p) => sum + p.rssKb, 0);
    peakTreeRssKb = Math.max(peakTreeRssKb, rssKb);
    samples.push({ at: Date.now(), rssKb });
  };
  const freshCalls = async (after: number) => {
    for (let i = 0; i < 40; i++) {
      const calls = cloud.awsCalls();
      if (!calls || calls.at > after) return calls;
      await sleep(100);
    }
    return cloud.awsCalls();
  };

  const calls0 = await freshCalls(Date.now());
  sampleMemory();
  const cpu0 = cloud.cpuSeconds();
  const machine0 = machineBusySeconds();
  const driverCpu0 = process.cpuUsage();
  const startedAt = Date.now();
  const deskRuns = [...desks.values()].map((d) => d.run());
  const memoryTimer = setInterval(sampleMemory, 1000);
  let lastProgress = { at: startedAt, calls: 0 };
  const progressTimer = setInterval(() => {
    const now = Date.now();
    const calls = client.calls;
    const answered = [...desks.values()].reduce((sum, d) => sum + d.answered, 0);
    log(
      `  ${((now - startedAt) / 1000).toFixed(0)} s: filed ${filed.size}/${opts.consignments}, tasks answered ${answered}, ${calls} calls (${(((calls - lastProgress.calls) * 1000) / (now - lastProgress.at)).toFixed(1)}/s), errors ${client.errorCount}`,
    );
    lastProgress = { at: now, calls };
  }, 5000);

  let failedFilings = 0;
  await inParallel(plan.filings, opts.clients, async (f) => {
    if (Date.now() - startedAt > opts.timeoutMs) return;
    const trainId = f.trainKey !== undefined ? trainIds.get(f.trainKey) : undefined;
    let answer;
    try {
      answer = await client.call<{ id: string }>('POST', '/consignments', declarantTokens.get(f.declarant.creditCode)!, {
        body: { ...f.filing, ...(trainId !== undefined && { trainId }) },
        idempotencyKey: `bench-day-${runId}-filing-${f.index}`,
      });
    } catch {
      failedFilings += 1;
      return;
    }
    if (answer.status !== 201 && answer.status !== 200) {
      failedFilings += 1;
      return;
    }
    filed.set(answer.body.id, { containers: f.filing.containers.map((c) => c.number), bureaus: [f.portBureau, f.inlandBureau] });
    desks.get(f.direction === 'import' ? f.portBureau : f.inlandBureau)?.poke();
  });
  const filingsDoneAt = Date.now();

  // Settled when no consignment is in a non-terminal status (HQ's listing by status).
  let settled = false;
  while (Date.now() - startedAt < opts.timeoutMs) {
    let open = 0;
    for (const status of NON_TERMINAL) {
      const page = await client.call<{ items: unknown[] }>('GET', `/consignments?status=${status}&limit=1`, hq);
      open += page.status === 200 ? page.body.items.length : 1;
      if (open > 0) break;
    }
    if (open === 0) {
      settled = true;
      break;
    }
    await sleep(500);
  }
  const endedAt = Date.now();
  const cpu1 = cloud.cpuSeconds();
  const machine1 = machineBusySeconds();
  const driverCpu = process.cpuUsage(driverCpu0);
  clearInterval(progressTimer);
  clearInterval(memoryTimer);
  sampleMemory();
  stopping = true;
  for (const desk of desks.values()) desk.poke();
  await Promise.all(deskRuns);
  const calls1 = await freshCalls(endedAt);
  const processes = cloud.processes();

  // Read back (not measured): what settled, when, and what did not.
  client.recording = false;
  const terminal = await listAll(client, hq, TERMINAL_STATUSES);
  const unsettled = await listAll(client, hq, NON_TERMINAL);
  const lastSettlement = terminal.reduce((max, c) => Math.max(max, Date.parse(c.updatedAt)), 0);
  const windowSeconds = ((terminal.length > 0 ? lastSettlement : endedAt) - startedAt) / 1000;
  const lifecycleMs = terminal.map((c) => Date.parse(c.updatedAt) - Date.parse(c.createdAt)).sort((a, b) => a - b);
  const byStatus = (list: Summary[]) => list.reduce<Record<string, number>>((acc, c) => ((acc[c.status] = (acc[c.status] ?? 0) + 1), acc), {});

  await cloud.stop();
  const stderrLines = readFileSync(cloud.stderrFile, 'utf8').split('\n').filter((l) => l.trim() !== '');

  // Figures.
  const all = client.allLatencies().sort((a, b) => a - b);
  const callWindowSeconds = (client.lastCallAt - client.firstCallAt) / 1000;
  const routes = [...client.routeStats().entries()]
    .map(([route, stats]) => {
      return { route, ...latencySummary(stats.latencies), statuses: Object.fromEntries([...stats.statuses.entries()].sort(([a], [b]) => a - b)) };
    })
    .sort((a, b) => b.calls - a.calls);
  const serviceCalls =
    calls0 && calls1
      ? Object.fromEntries(
          Object.entries(calls1.counts)
            .map(([op, n]) => [op, n - (calls0.counts[op] ?? 0)] as const)
            .filter(([, n]) => n > 0)
            .sort(([, a], [, b]) => b - a),
        )
      : undefined;
  const serviceTotal = calls0 && calls1 ? calls1.total - calls0.total : undefined;
  const mainProcess = processes.reduce<(typeof processes)[number] | undefined>((max, p) => (!max || p.hwmKb > max.hwmKb ? p : max), undefined);
  const cloudErrors = stderrLines.filter((l) => /error|timed ?out|fail/i.test(l));
  const errors: ErrorRecord[] = [...client.errors(), ...setup.errors().map((e) => ({ ...e, route: `${e.route} (setup)` }))];
  const deskList = [...desks.values()];
  const answeredByKind: Record<string, number> = {};
  for (const d of deskList) for (const [kind, n] of d.answeredByKind) answeredByKind[kind] = (answeredByKind[kind] ?? 0) + n;

  const figures = {
    bench: 'day',
    node: process.version,
    consignments: opts.consignments,
    clients: opts.clients,
    officerDesks: deskList.length,
    seed: opts.seed,
    durable: true,
    trains: { planned: plan.trains.length, registered: trainIds.size, consignmentsOnTrains: linked },
    mix: {
      imports: plan.filings.filter((f) => f.direction === 'import').length,
      exports: plan.filings.filter((f) => f.direction === 'export').length,
      byPort: plan.filings.reduce<Record<string, number>>((acc, f) => ((acc[f.portCode] = (acc[f.portCode] ?? 0) + 1), acc), {}),
      byCargo: plan.filings.reduce<Record<string, number>>((acc, f) => ((acc[f.cargo] = (acc[f.cargo] ?? 0) + 1), acc), {}),
      containers: plan.filings.reduce((sum, f) => sum + f.filing.containers.length, 0),
    },
    filed: filed.size,
    failedFilings,
    settled: terminal.length,
    settledByStatus: byStatus(terminal),
    allSettled: settled && terminal.length === opts.consignments && unsettled.length === 0,
    unsettledCount: unsettled.length,
    unsettled: unsettled.slice(0, 100).map((c) => ({ id: c.id, status: c.status })),
    unsettledByStatus: byStatus(unsettled),
    timedOut: !settled,
    seconds: round(windowSeconds, 2),
    filingSeconds: round((filingsDoneAt - startedAt) / 1000, 2),
    settledPerSecond: round(terminal.length / windowSeconds, 2),
    lifecycleMs: { p50: round(percentile(lifecycleMs, 50), 0), p95: round(percentile(lifecycleMs, 95), 0), p99: round(percentile(lifecycleMs, 99), 0) },
    api: {
      calls: all.length,
      callsPerSecond: round(all.length / callWindowSeconds, 1),
      p50: round(percentile(all, 50)),
      p95: round(percentile(all, 95)),
      p99: round(percentile(all, 99)),
      max: round(all[all.length - 1] ?? Number.NaN),
      retries: client.retries,
      routes,
      setupCalls: setup.calls,
    },
    tasks: {
      answered: deskList.reduce((sum, d) => sum + d.answered, 0),
      byKind: answeredByKind,
      alreadyClosed: deskList.reduce((sum, d) => sum + d.alreadyClosed, 0),
      gaveUp: deskList.reduce((sum, d) => sum + d.gaveUp, 0),
      polls: deskList.reduce((sum, d) => sum + d.polls, 0),
    },
    cpu: {
      cloudSeconds: round(cpu1 - cpu0, 2),
      secondsPerConsignment: round((cpu1 - cpu0) / opts.consignments, 4),
      cloudCoresBusy: round((cpu1 - cpu0) / ((endedAt - startedAt) / 1000), 2),
      driverSeconds: round((driverCpu.user + driverCpu.system) / 1e6, 2),
      /** Cores the rest of the machine kept busy meanwhile (other work beside the bench). */
      otherCoresBusy: round((machine1 - machine0 - (cpu1 - cpu0) - (driverCpu.user + driverCpu.system) / 1e6) / ((endedAt - startedAt) / 1000), 2),
      cores: availableParallelism(),
    },
    memory: {
      peakRssMb: mainProcess ? round(mainProcess.hwmKb / 1024, 0) : null,
      peakRssProcess: mainProcess?.command.slice(0, 120),
      peakTreeRssMb: round(peakTreeRssKb / 1024, 0),
      processes: processes.map((p) => ({ pid: p.pid, command: p.command.slice(0, 80), hwmMb: round(p.hwmKb / 1024, 0) })),
    },
    serviceCalls: serviceTotal === undefined ? null : { total: serviceTotal, perConsignment: round(serviceTotal / opts.consignments, 1), byOperation: serviceCalls },
    errors: {
      total: errors.reduce((sum, e) => sum + e.count, 0),
      list: errors,
      cloudStderrLines: stderrLines.length,
      cloudStderrErrorLines: cloudErrors.length,
      cloudStderrSample: cloudErrors.slice(0, 5).map((l) => l.slice(0, 300)),
    },
    workDir,
  };

  // Summary.
  const ms = (n: number | null) => (n === null ? '-' : `${n} ms`);
  console.log(`\nbench:day — ${opts.consignments} consignments, ${opts.clients} filing clients + ${deskList.length} officer desks, durable (DATA_DIR on disk), Node ${process.version}`);
  console.log(
    `Mix: ${figures.mix.imports} imports, ${figures.mix.exports} exports, ${figures.mix.containers} containers; ports ${Object.entries(figures.mix.byPort).map(([p, n]) => `${p} ${n}`).join(', ')}; ` +
      `${linked} on ${trainIds.size} trains; cargo ${Object.entries(figures.mix.byCargo).map(([c, n]) => `${c} ${n}`).join(', ')}`,
  );
  console.table({
    'consignments settled': { value: `${figures.settled} of ${opts.consignments}${figures.allSettled ? '' : ` (${figures.unsettledCount} unsettled${figures.timedOut ? ', timed out' : ''})`}` },
    'first filing → last settlement': { value: `${figures.seconds} s (filing took ${figures.filingSeconds} s)` },
    'consignments settled per second': { value: figures.settledPerSecond },
    'filing → settlement per consignment': { value: `p50 ${ms(figures.lifecycleMs.p50)}, p95 ${ms(figures.lifecycleMs.p95)}, p99 ${ms(figures.lifecycleMs.p99)}` },
    'API calls': { value: `${figures.api.calls} (${figures.api.callsPerSecond}/s), ${figures.api.retries} retries` },
    'API latency, all calls': { value: `p50 ${ms(figures.api.p50)}, p95 ${ms(figures.api.p95)}, p99 ${ms(figures.api.p99)}, max ${ms(figures.api.max)}` },
    'CPU of the local cloud': { value: `${figures.cpu.cloudSeconds} s = ${figures.cpu.secondsPerConsignment} s per consignment (${figures.cpu.cloudCoresBusy} cores busy on average)` },
    'CPU of this driver': { value: `${figures.cpu.driverSeconds} s` },
    'other work on the machine': { value: `${figures.cpu.otherCoresBusy} of ${figures.cpu.cores} cores busy on average during the run` },
    'peak RSS (VmHWM)': { value: `${figures.memory.peakRssMb} MB (largest process); process tree ${figures.memory.peakTreeRssMb} MB (sampled 1/s)` },
    'AWS service calls': { value: figures.serviceCalls ? `${figures.serviceCalls.total} = ${figures.serviceCalls.perConsignment} per consignment (incl. officers' polling)` : 'not counted' },
    'tasks answered': { value: `${figures.tasks.answered} (${Object.entries(answeredByKind).map(([k, n]) => `${k} ${n}`).join(', ')}); ${figures.tasks.polls} polls` },
    errors: { value: figures.errors.total },
  });
  console.log('API latency per route (ms):');
  console.table(Object.fromEntries(routes.map((r) => [r.route, { calls: r.calls, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max, statuses: Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ') }])));
  if (serviceCalls) {
    console.log('AWS service calls per consignment, by operation:');
    console.table(Object.fromEntries(Object.entries(serviceCalls).map(([op, n]) => [op, { calls: n, perConsignment: round(n / opts.consignments, 2) }])));
  }
  if (errors.length > 0) {
    console.log('Errors (non-2xx answers other than the expected, and network errors):');
    console.table(errors.map((e) => ({ route: e.route, status: e.status, count: e.count, sample: e.samples[0] ?? '' })));
  } else {
    console.log('Errors: none.');
  }
  if (cloudErrors.length > 0) console.log(`The local cloud wrote ${cloudErrors.length} error lines to stderr (${cloud.stderrFile}); first: ${cloudErrors[0]?.slice(0, 300)}`);
  if (unsettled.length > 0) {
    console.log(`Unsettled (${unsettled.length}): ${Object.entries(figures.unsettledByStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    console.log(unsettled.slice(0, 20).map((c) => `  ${c.id} ${c.status}`).join('\n'));
  }
  const line = JSON.stringify(figures);
  if (opts.json) writeFileSync(opts.json, `${line}\n`);
  console.log(line);
  return { ok: figures.allSettled && figures.errors.total === 0 };
}

const workDir = mkdtempSync(join(tmpdir(), 'bench-day-'));
const cloudRef: { current?: CloudProcess } = {};
let keep = process.argv.includes('--keep');
// Whatever happens, the local cloud does not outlive the bench.
process.on('exit', () => cloudRef.current?.killNow());
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping the local cloud`);
    void (cloudRef.current?.stop(5_000) ?? Promise.resolve()).finally(() => {
      if (!keep) rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

try {
  const { ok } = await run(cloudRef, workDir);
  if (!ok) {
    keep = true;
    process.exitCode = 1;
  }
} catch (error) {
  keep = true;
  log(`bench:day failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cloudRef.current?.stop();
  if (keep) log(`The run's files (data, cloud logs) are kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
