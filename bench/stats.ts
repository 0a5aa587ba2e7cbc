/**
 * `npm run bench:stats -- --consignments N --calls C`: the latency of GET /stats over a year of
 * settled consignments, through the HTTP API of the local cloud as `npm start` runs it (a child
 * process, DATA_DIR on disk).
 *
 * Loading: N consignments (default 50,000) filed as `bench:day` plans them (realistic mix of
 * imports and exports, ports, corridors, goods and enterprises), each closed on a day of the last
 * 365 (Beijing) with drawn facts (released or rejected, inspected and failed, port dwell, filing to
 * release, escalations). Each close's contribution is what the close step computes
 * (`contributionOf`, `periodsAt`, `itemKey`); contributions to the same item are added up here
 * and the sums written by the statistics repository (`loadTotals`, BatchWriteItem), one write per
 * item instead of an `ADD` per close and item: the items end up as the closes would leave them,
 * without the per-consignment count marks (their cost is the close step's, not the read's).
 *
 * Measuring: C calls (default 300, after 20 unmeasured) of GET /stats for the year up to today,
 * for HQ and for queries narrowed by bureau scope, dimension and direction; p50, p95, p99, max.
 * The target is a p99 under 100 ms. Then one JSON line with all figures.
 *
 * Options: --consignments N, --calls C, --seed S (1), --keep (keep the data directory), --json FILE.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLocalIssuer, readIssuerSettings } from '#local/auth/issuer.ts';
import { loadOrCreateSigningKey } from '#local/auth/signing-key.ts';
import { seededRandom } from '#local/seeded-random.ts';
import { StatisticsRepository, itemId, type AggregateKey, type Counters } from '#shared/data/statistics-repository.ts';
import { createConsignment } from '#shared/domain/consignment.ts';
import { corridorOf } from '#shared/review/stats.ts';
import { contributionOf, type ClosingFacts } from '#shared/domain/statistics/contribution.ts';
import { beijingDayOf, periodsAt } from '#shared/domain/statistics/periods.ts';
import { mapWithConcurrency } from '#shared/review/concurrency.ts';
import { itemKey, labelsOf } from '#shared/lifecycle/statistics/aggregate-items.ts';
import { benchAgainstCloud } from './cloud-run.ts';
import { benchCommandLine } from './command-line.ts';
import { sleep } from './day/client.ts';
import { startCloudProcess, type CloudProcess } from './day/cloud-process.ts';
import { planDay } from './day/mix.ts';
import { latencySummary, printLatencyTable, round } from './latency.ts';

const USAGE = 'Usage: npm run bench:stats -- [--consignments N] [--calls C] [--seed S] [--keep] [--json FILE]';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WRITES_IN_FLIGHT = 16;
const log = (line: string) => process.stderr.write(`${line}\n`);

const options = () => benchCommandLine(USAGE, { consignments: '50000', calls: '300', seed: '1' });

/** What the audit trail of a settled consignment would say, drawn from the seed. */
function drawFacts(random: () => number, direction: 'import' | 'export', portInspection: boolean): ClosingFacts {
  const inspected = random() < 0.97;
  const failed = inspected && random() < 0.04;
  const stoppedAtPort = direction === 'import' && failed && random() < 0.3;
  const outcome = failed && random() < 0.6 ? 'rejected' : 'released';
  const hours = (median: number) => median * Math.exp((random() - 0.5) * 2.4) * HOUR_MS;
  return {
    outcome,
    portChecksCompleted: direction === 'import',
    stoppedAtPort,
    portInspectionOpened: portInspection,
    portAction: direction === 'import' || portInspection,
    portDwellMs: direction === 'import' || portInspection ? hours(3) : undefined,
    filingToReleaseMs: outcome === 'released' ? hours(direction === 'import' ? 30 : 20) : undefined,
    inspected,
    failed,
    escalations: random() < 0.05 ? 1 + Math.floor(random() * 2) : 0,
  };
}

/** The items N settled consignments leave behind, summed per item (what their closes' ADDs add up to). */
function aggregatesOf(count: number, seed: number, now: number): { items: Map<string, { key: AggregateKey; counters: Counters; labels: Record<string, string> }>; contributions: number } {
  const plan = planDay({ consignments: count, seed, now });
  const random = seededRandom(seed + 1);
  const items = new Map<string, { key: AggregateKey; counters: Counters; labels: Record<string, string> }>();
  let contributions = 0;
  for (const planned of plan.filings) {
    // Closed on one of the last 365 days; filed up to four days before.
    const closedAt = new Date(now - Math.floor(random() * 364 * DAY_MS));
    const filedAt = new Date(closedAt.getTime() - Math.floor(random() * 4 * DAY_MS)).toISOString();
    const consignment = createConsignment(planned.filing, { id: `BENCH-${planned.index}`, at: filedAt });
    const portInspection = planned.cargo !== 'general' && planned.cargo !== 'high-risk-agricultural';
    const facts = drawFacts(random, consignment.direction, portInspection);
    facts.corridor = corridorOf({ consignment, events: [] });
    for (const part of contributionOf(consignment, facts)) {
      for (const period of periodsAt(closedAt)) {
        const key = itemKey(part, period);
        const id = itemId(key);
        let item = items.get(id);
        if (!item) items.set(id, (item = { key, counters: {}, labels: labelsOf(part, period) }));
        for (const [name, value] of Object.entries(part.counters)) item.counters[name] = (item.counters[name] ?? 0) + value;
        contributions++;
      }
    }
  }
  return { items, contributions };
}

interface Probe {
  name: string;
  path: string;
  as: 'hq' | 'officer';
}

async function run(cloudRef: { current?: CloudProcess }, workDir: string) {
  const opts = options();
  const now = Date.now();
  log(`bench:stats: ${opts.consignments} settled consignments over the last 365 days, ${opts.calls} calls per query; starting the local cloud (DATA_DIR=${join(workDir, 'data')})`);
  const cloud = await startCloudProcess({ workDir, countCalls: false });
  cloudRef.current = cloud;
  const awsEndpoint = /AWS endpoint\s+(\S+)/.exec(readFileSync(cloud.stdoutFile, 'utf8'))?.[1];
  if (!awsEndpoint) throw new Error(`no AWS endpoint in ${cloud.stdoutFile}`);
  log(`  ready in ${Math.round(cloud.startedInMs)} ms: API ${cloud.apiUrl}, AWS endpoint ${awsEndpoint}`);

  const aggregateStarted = performance.now();
  const { items, contributions } = aggregatesOf(opts.consignments, opts.seed, now);
  const aggregateMs = performance.now() - aggregateStarted;
  log(`  ${contributions} item contributions of ${opts.consignments} closes summed into ${items.size} items in ${Math.round(aggregateMs)} ms`);

  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: awsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 8 }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const statistics = new StatisticsRepository({ tableName: 'Domain', client, now: () => new Date() });
  const loadStarted = performance.now();
  let written = 0;
  const progress = setInterval(() => log(`  written ${written} of ${items.size} items (${Math.round((written * 1000) / (performance.now() - loadStarted))}/s)`), 10_000);
  const batches: Array<Array<{ key: AggregateKey; counters: Counters; labels: Record<string, string> }>> = [];
  const all = [...items.values()];
  for (let start = 0; start < all.length; start += 25) batches.push(all.slice(start, start + 25));
  await mapWithConcurrency(batches, WRITES_IN_FLIGHT, async (batch) => {
    await statistics.loadTotals(batch);
    written += batch.length;
  });
  clearInterval(progress);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  log(`  loaded ${items.size} items in ${loadSeconds.toFixed(1)} s (${Math.round(items.size / loadSeconds)} items/s, 25 per BatchWriteItem)`);

  const settings = await readIssuerSettings(cloud.dataDir);
  if (!settings) throw new Error(`no issuer settings in ${cloud.dataDir}`);
  const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(cloud.dataDir), ...settings });
  const tokens = {
    hq: await issuer.mintToken({ bureau: 'HQ', role: 'hq', expiresInSeconds: 3600 }),
    officer: await issuer.mintToken({ bureau: 'CQ', role: 'officer', expiresInSeconds: 3600 }),
  };
  const call = async (probe: Probe) => {
    const started = performance.now();
    const response = await fetch(cloud.apiUrl + probe.path, { headers: { authorization: `Bearer ${tokens[probe.as]}` } });
    const body = (await response.json()) as { stats?: { consignments: number }; window?: { days: number } };
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${probe.path} answered ${response.status}: ${JSON.stringify(body)}`);
    return { ms, body };
  };

  const today = beijingDayOf(new Date(now));
  const enterprise = /enterprise#([^#]+)$/.exec([...items.values()].find((i) => i.key.pk.startsWith('STATS#ALL#enterprise#'))?.key.pk ?? '')?.[1] ?? '';
  const probes: Probe[] = [
    { name: 'HQ, all, the year to today', path: '/stats', as: 'hq' },
    // Both ends inside a month: the most day items a window reads.
    { name: 'HQ, 366 days to 20 days ago', path: `/stats?from=${addDays(today, -385)}&to=${addDays(today, -20)}`, as: 'hq' },
    { name: 'HQ, one enterprise', path: `/stats?enterprise=${enterprise}`, as: 'hq' },
    { name: 'HQ, imports through Alashankou', path: '/stats?port=ALASHANKOU&direction=import', as: 'hq' },
    { name: 'HQ, HS chapter 84', path: '/stats?hsChapter=84', as: 'hq' },
    { name: 'officer CQ, its own', path: '/stats', as: 'officer' },
    { name: 'HQ, CSV', path: '/stats', as: 'hq' },
  ];
  const [check] = [await call(probes[0]!)];
  log(`  GET /stats for the year counts ${check.body.stats?.consignments} consignments over ${check.body.window?.days} days`);
  const results = [];
  for (const probe of probes) {
    const csv = probe.name.endsWith('CSV');
    const once = async () => {
      if (!csv) return (await call(probe)).ms;
      const started = performance.now();
      const response = await fetch(cloud.apiUrl + probe.path, { headers: { authorization: `Bearer ${tokens[probe.as]}`, accept: 'text/csv' } });
      await response.arrayBuffer();
      return performance.now() - started;
    };
    for (let i = 0; i < 20; i++) await once();
    const latencies: number[] = [];
    for (let i = 0; i < opts.calls; i++) latencies.push(await once());
    results.push({ query: probe.name, path: probe.path, ...latencySummary(latencies) });
    await sleep(10);
  }
  await cloud.stop();

  const figures = {
    bench: 'stats',
    node: process.version,
    consignments: opts.consignments,
    counted: check.body.stats?.consignments,
    items: items.size,
    contributions,
    aggregateMs: round(aggregateMs, 0),
    loadSeconds: round(loadSeconds, 1),
    durable: true,
    targetP99Ms: 100,
    results,
    workDir,
  };
  console.log(`\nbench:stats — GET /stats over ${opts.consignments} settled consignments (${items.size} aggregate items), local cloud on disk, Node ${process.version}`);
  printLatencyTable(results.map((r) => [r.query, r] as const));
  const worst = Math.max(...results.map((r) => r.p99 ?? Number.POSITIVE_INFINITY));
  console.log(`p99 of the slowest query: ${worst} ms (target < 100 ms): ${worst < 100 ? 'met' : 'NOT met'}`);
  const line = JSON.stringify(figures);
  console.log(line);
  if (opts.json) writeFileSync(opts.json, `${line}\n`);
  return { ok: figures.counted === opts.consignments && worst < 100 };
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

await benchAgainstCloud('stats', run);
