import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenRequest } from '#local/auth/issuer.ts';
import { CREDIT_CODES, FROZEN_PORK, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { porkCitation, porkPermitIssue, validFor } from '#test/domain/permit-fixtures.ts';
import { generalApplication, georgiaApplication } from '#test/domain/origin-bodies.ts';
import { DAY, inboundTrain, iso } from '#test/domain/train-bodies.ts';
import { tradeFormSamples } from './support/trade-forms.ts';
import { FULL, partSeed, SEED, SIZES } from './support/config.ts';
import {
  deep,
  encodeQueryPart,
  encodeSegment,
  CALLERS,
  fuzzRequest,
  headerBytes,
  mutate,
  serialise,
  validQueryValue,
  type Caller,
  type FuzzRequest,
  type QueryEntry,
} from './support/fuzz-requests.ts';
import { coordinationPool, coordinationPoolOfCreated, coordinationSamples, generalCaseBody, reportBody } from './support/coordination.ts';
import { json, send, sleep, type RawRequest, type RawResponse } from './support/http.ts';
import { riskSamples } from './support/risk-feedback.ts';
import { alertPool, alertSamples, publishedAlert } from './support/alerts.ts';
import { accessPool, accessSamples, publishedTradeMeasure, recordedAssessment, registeredAccess, type AccessPools } from './support/market-access.ts';
import { diffFingerprints, startInProcessCloud, type Fingerprint, type InProcessCloud } from './support/in-process.ts';
import { EXPORTER, HQ, IMPORTER, readAll } from './support/lifecycle.ts';
import { finding, writePartReport } from './support/report.ts';
import { fillPath, loadRoutes, type RouteUnderTest } from './support/routes.ts';

/**
 * Seeded fuzzing of every route of the manifest (fast-check generates the requests from the
 * seed; `FAULTS_SEED=<n>` replays a run). Requests are valid bodies mutated (fields removed,
 * wrong types, huge and odd strings, unicode, deep nesting, numbers at the edges), random JSON
 * and raw text, bad path parameters, bad query strings and page tokens, bad or missing headers,
 * with the tokens of every role. Two things must never happen:
 * - a 5xx (or no answer at all): client input is answered with a 4xx;
 * - a write despite a 4xx: on a write route, the stored state (every Domain item, the SNS
 *   subscriptions, the schedules) after a 4xx must be what it was before, once anything the
 *   request set going in the background has run.
 */
const seed = partSeed('fuzz');
const IDENTITIES: Record<Exclude<Caller, 'none' | 'bad-token'>, TokenRequest> = {
  hq: HQ,
  'officer:XJ': { bureau: 'XJ', role: 'officer' },
  'officer:CQ': { bureau: 'CQ', role: 'officer' },
  'officer:ZJ': { bureau: 'ZJ', role: 'officer' },
  'officer:HL': { bureau: 'HL', role: 'officer' },
  'declarant:importer': IMPORTER,
  'declarant:exporter': EXPORTER,
  'declarant:other': { bureau: 'XJ', role: 'declarant', enterprise: CREDIT_CODES.urumqiTrader },
};
/** Above this many Domain items the fingerprint gets slow: the run goes on in a fresh local cloud. */
const MAX_ITEMS = 1500;

interface Pools extends AccessPools {
  consignments: string[];
  tasks: string[];
  trains: string[];
  executions: string[];
  /** Recognised bodies (HQ's register, 408号 三（八）). */
  bodies: string[];
  /** Certificate-of-origin applications (408号 三（六）). */
  applications: string[];
  /** Permit numbers in the register (408号 三（六）). */
  permits: string[];
  /** Coordination cases and reports to HQ (408号 三（十）、四). */
  cases: string[];
  reports: string[];
  /** Alerts (408号 三（七）): HQ's in force, and a proposal XJ raised. */
  alerts: string[];
  /** Real page tokens per route key. */
  tokens: Map<string, string[]>;
}

let routes: RouteUnderTest[];
let env: InProcessCloud | undefined;
let pools: Pools;
let fresh = 0;
let trainSerial = 0;

async function api(method: string, path: string, who: TokenRequest, body?: unknown, headers: Record<string, string> = {}) {
  const response = await send(env!.apiUrl, {
    method,
    path,
    headers: { authorization: `Bearer ${await env!.token(who)}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: json<Record<string, unknown>>(response) };
}

/** A train that crosses in three weeks (nothing it schedules fires during the run). */
function trainBody(): Record<string, unknown> {
  trainSerial++;
  return inboundTrain(`F${(trainSerial % 9000) + 1000}`, Date.now() + 21 * DAY + trainSerial * 60_000) as unknown as Record<string, unknown>;
}

/** What the fuzzing starts from: consignments with open tasks, trains, executions, page tokens. */
async function seedState(): Promise<void> {
  pools = { consignments: [], tasks: [], trains: [], executions: [], bodies: [], applications: [], permits: [], cases: [], reports: [], alerts: [], access: [], sites: ['CQ-MEAT', 'HA-GRAIN'], assessments: [], tradeMeasures: [], tokens: new Map() };
  // The importer's pork permit (CQ registers it) and one HQ registered; a pork import cites the first.
  for (const [who, number] of [[IDENTITIES['officer:CQ'], 'FUZZ-PERMIT-0'], [HQ, 'FUZZ-PERMIT-1']] as const) {
    const answer = await api('POST', '/permits', who, permitBody(number));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    pools.permits.push(number);
  }
  const filings: Array<[TokenRequest, unknown]> = [
    [IMPORTER, importFiling()],
    [IMPORTER, importFiling({ containers: [{ number: 'MSKU1234565' }, { number: 'TGHU0000013' }] })],
    [IMPORTER, importFiling({ goods: [importFiling().goods[0]!, { ...importFiling().goods[0]!, hsCode: '250100', categories: ['bulk'] }] })],
    [IMPORTER, porkImport('FUZZ-PERMIT-0')],
    // Last: the origin-certificate samples take the last consignment for the export.
    [EXPORTER, exportFiling()],
  ];
  for (const [who, filing] of filings) {
    const answer = await api('POST', '/consignments', who, filing, { 'idempotency-key': `seed-${++fresh}` });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    pools.consignments.push(String(answer.body!.id));
  }
  for (let i = 0; i < 2; i++) {
    const answer = await api('POST', '/trains', IDENTITIES['officer:XJ'], trainBody());
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    pools.trains.push(String(answer.body!.id));
  }
  for (let i = 0; i < 2; i++) {
    const answer = await api('POST', '/recognised-bodies', HQ, recognisedBodyBody(`FUZZ-LAB-${i}`));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    pools.bodies.push(String(answer.body!.id));
  }
  // A certificate-of-origin application for the export (the exporter's filing), under review.
  const exported = pools.consignments[filings.findIndex(([who]) => who === EXPORTER)];
  const applied = await api('POST', '/origin-certificate-applications', EXPORTER, generalApplication(exported ?? ''));
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  pools.applications.push(String(applied.body!.id));
  const linked = await api('PUT', `/consignments/${pools.consignments[0]}/train`, IMPORTER, { trainId: pools.trains[0] });
  expect(linked.status, JSON.stringify(linked.body)).toBe(200);
  await api('POST', '/webhooks', IDENTITIES['officer:XJ'], { url: 'https://hooks.invalid/fuzz/0', kinds: ['task-opened'] });
  // A coordination case CQ opened with SC, and a report CQ filed citing it.
  const opened = await api('POST', '/cases', IDENTITIES['officer:CQ'], generalCaseBody());
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  pools.cases.push(String(opened.body!.id));
  const reported = await api('POST', '/reports', IDENTITIES['officer:CQ'], reportBody({ relatedCases: pools.cases.slice(0, 1) }));
  expect(reported.status, JSON.stringify(reported.body)).toBe(201);
  pools.reports.push(String(reported.body!.id));
  pools.alerts.push(await publishedAlert(api, HQ), await publishedAlert(api, IDENTITIES['officer:XJ'], { countries: ['LT'] }));
  // 408号 三（三）、（五）: a market-access entry (Russian logs), an assessment CQ keeps, a trade-measure note.
  pools.access.push(await registeredAccess(api, 'FUZZ-LOGS'));
  pools.assessments.push(await recordedAssessment(api));
  pools.tradeMeasures.push(await publishedTradeMeasure(api));
  // The port-checks tasks open a moment after filing; one is answered, so a destination task opens too.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await refreshTasks();
    if (pools.tasks.length >= 4) break;
    await sleep(100);
  }
  const portChecks = pools.tasks.find((t) => t.startsWith(`${pools.consignments[0]}.`));
  if (portChecks) {
    await api('POST', `/tasks/${portChecks}/complete`, IDENTITIES['officer:XJ'], {
      outcome: 'pass',
      details: { containers: [{ number: 'CSQU3054383', radiation: 'normal', quarantine: 'pass', treatment: 'done' }] },
    });
  }
  await env!.quiesce(300);
  await refreshTasks();
  await refreshExecutions();
  await collectPageTokens();
}

async function refreshTasks(): Promise<void> {
  const seen = new Set(pools.tasks);
  for (const who of ['officer:XJ', 'officer:CQ', 'officer:ZJ'] as const) {
    const answer = await api('GET', '/tasks?limit=100', IDENTITIES[who]);
    for (const task of (answer.body?.items as Array<{ id: string }> | undefined) ?? []) {
      if (seen.has(task.id)) continue;
      pools.tasks.push(task.id);
      seen.add(task.id);
    }
  }
}

async function refreshExecutions(): Promise<void> {
  const items = await readAll<{ name: string; executionArn: string }>(env!, '/executions', HQ);
  pools.executions = [...new Set([...items.map((e) => e.name), ...items.map((e) => e.executionArn)])];
}

/** Real page tokens of every listing, taken with limit=1 by the callers who can list. */
async function collectPageTokens(): Promise<void> {
  for (const route of routes.filter((r) => r.method === 'GET' && 'nextToken' in r.query)) {
    const tokens: string[] = [];
    for (const who of [HQ, IDENTITIES['officer:XJ'], IDENTITIES['officer:CQ'], IMPORTER]) {
      const extra = route.path === '/executions' && who === IMPORTER ? `&consignment=${pools.consignments[0]}` : '';
      const answer = await api('GET', `${route.path}?limit=1${extra}`, who);
      if (typeof answer.body?.nextToken === 'string') tokens.push(answer.body.nextToken);
    }
    pools.tokens.set(route.key, tokens);
  }
}

/** A registration HQ would send; ids repeat so that some are taken (409) and some are new. */
function recognisedBodyBody(id: string): Record<string, unknown> {
  return {
    id,
    name: 'Fuzz Testing AG',
    country: 'CH',
    accreditation: { body: 'SAS', number: 'STS 0001' },
    scope: { hsPrefixes: ['84', '8501'], categories: ['food'] },
    recognisedFrom: '2024-01-01T00:00:00Z',
    recognisedUntil: '2030-01-01T00:00:00+08:00',
  };
}

/** A pork permit for the Chongqing importer, valid for a year from now. */
const permitBody = (number: string) => porkPermitIssue({ number, ...validFor() });
/** A pork import citing a permit (each writes off 24 t of its 240 t; then it is 409). */
const porkImport = (number: string) => importFiling({ goods: [FROZEN_PORK], permits: [porkCitation({ number })] });

/** Valid bodies per write route, with the ids that exist now. */
function samples(route: RouteUnderTest): unknown[] {
  switch (route.key) {
    case 'POST /consignments':
      return [
        importFiling(),
        exportFiling(),
        porkImport(pools.permits[fresh % Math.max(1, pools.permits.length)] ?? 'FUZZ-PERMIT-0'),
        importFiling({ containers: [{ number: 'MSKU1234565', sealNumber: 'S-1' }, { number: 'TCNU9001003' }], ...(pools.trains[0] && { trainId: pools.trains[0] }) }),
      ];
    case 'POST /tasks/{id}/complete':
      return [
        { outcome: 'pass' },
        { outcome: 'pass', details: { containers: [{ number: 'CSQU3054383', radiation: 'normal', quarantine: 'pass', treatment: 'done' }] } },
        { kind: 'port-checks', outcome: 'fail', details: { containers: [{ number: 'CSQU3054383', radiation: 'alarm', quarantine: 'pass', treatment: 'done' }], disposal: 'return' } },
        { outcome: 'fail', details: { disposal: 'treatment', findings: 'pests found' } },
        // An origin bureau's review of a certificate-of-origin application.
        { decision: 'refuse', reason: 'the invoice names another consignee' },
      ];
    case 'POST /webhooks':
      return [
        { url: 'https://hooks.invalid/fuzz/0' },
        { url: 'https://hooks.invalid/fuzz/0', kinds: ['task-opened', 'task-escalated'] },
        { url: `https://hooks.invalid/fuzz/${fresh % 5}`, kinds: ['consignment-released'] },
      ];
    case 'POST /trains':
      return [trainBody()];
    case 'PATCH /trains/{id}':
      return [{ preArrivalNoticeHours: 8 }, { plannedArrival: iso(Date.now() + 30 * DAY) }, { containerCapacity: 50 }, { status: 'cancelled', reason: 'fuzz' }];
    case 'POST /trains/{id}/events':
      return [{ type: 'arrived-at-border' }, { type: 'departed-border', remarks: 'on time' }, { type: 'arrived-at-destination', at: iso(Date.now()) }];
    case 'PUT /consignments/{id}/train':
      return [{ trainId: pools.trains[0] ?? 'X0000-20300101' }, { trainId: pools.trains.at(-1) ?? 'X0000-20300101' }];
    case 'POST /origin-certificate-applications':
      // Every consignment: the imports are refused (a CO is for an export), the export's general
      // CO is taken while the seeded one lives (409), its Georgia CO does not fit Madrid (400).
      return [
        ...pools.consignments.map((id) => generalApplication(id)),
        georgiaApplication(pools.consignments.at(-1) ?? ''),
        generalApplication(pools.consignments.at(-1) ?? '', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'VA', valueContent: 45 } }], producer: { name: '义乌玩具厂', address: 'Yiwu', country: 'CN' } }),
      ];
    case 'POST /recognised-bodies':
      return [recognisedBodyBody(`FUZZ-LAB-${fresh % 4}`), recognisedBodyBody(`FUZZ-NEW-${fresh}`)];
    case 'PATCH /recognised-bodies/{id}':
      return [{ version: 1, scope: { hsPrefixes: ['85'] } }, { version: 2, recognisedUntil: null }, { version: 1, name: 'Renamed AG', recognisedFrom: '2023-01-01T00:00:00Z' }];
    case 'POST /recognised-bodies/{id}/withdraw':
      return [{ reason: 'fuzz' }, { reason: 'fuzz', version: 1 }];
    case 'POST /permits':
      // Numbers repeat, so that some are taken (409) and some are new.
      return [permitBody(`FUZZ-PERMIT-${fresh % 4}`), permitBody(`FUZZ-NEW-${fresh}`), { ...permitBody(`FUZZ-SPECIAL-${fresh}`), kind: 'special-item-health', product: { description: 'antisera', hsCodes: ['3002'] } }];
    case 'POST /permits/{number}/cancel':
      return [{ reason: 'fuzz' }, { reason: '企业申请注销' }];
    default:
      return coordinationSamples(route.key, pools, fresh) ?? riskSamples(route.key, fresh) ?? alertSamples(route.key, fresh) ?? accessSamples(route.key, fresh) ?? tradeFormSamples(route.key, fresh) ?? [{}];
  }
}

function resourcePool(route: RouteUnderTest): readonly string[] {
  const coordination = coordinationPool(route.path, pools);
  if (coordination) return coordination;
  const alerts = alertPool(route.path, pools);
  if (alerts) return alerts;
  const access = accessPool(route.path, pools);
  if (access) return access;
  if (route.path.startsWith('/consignments/')) return pools.consignments;
  if (route.path.startsWith('/tasks/')) return pools.tasks;
  if (route.path.startsWith('/trains/')) return pools.trains;
  if (route.path.startsWith('/executions/')) return pools.executions;
  if (route.path.startsWith('/recognised-bodies/')) return pools.bodies;
  if (route.path.startsWith('/origin-certificate-applications/')) return pools.applications;
  if (route.path.startsWith('/permits/')) return pools.permits;
  return pools.consignments;
}

function pageToken(route: RouteUnderTest, entry: Extract<QueryEntry, { t: 'token' }>): string {
  const own = pools.tokens.get(route.key) ?? [];
  const all = [...pools.tokens.values()].flat();
  const pick = <T>(list: T[]) => list[entry.pick % Math.max(1, list.length)];
  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
  switch (entry.variant) {
    case 'real':
      return pick(own) ?? pick(all) ?? b64({});
    case 'other-listing':
      return pick(all.filter((t) => !own.includes(t))) ?? pick(all) ?? b64({});
    case 'forged': {
      const base = pick(own) ?? pick(all);
      let key: Record<string, unknown> = {};
      try {
        key = JSON.parse(Buffer.from(base ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        // a token that is not base64url JSON (signed, encrypted): forge by flipping its bytes
        return (base ?? 'AAAA').slice(0, -4) + 'AAAA';
      }
      const names = Object.keys(key);
      names.forEach((name, i) => {
        if ((entry.pick >> i) & 1 || i === names.length - 1) key[name] = typeof key[name] === 'string' ? `${String(key[name]).slice(0, entry.pick % 5)}${entry.junk}` : entry.junk;
      });
      return b64(key);
    }
    case 'random':
      return b64(entry.junk || 'x');
    case 'huge':
      return 'A'.repeat(3000 + (entry.pick % 3000));
    case 'not-base64':
      return `!!${entry.junk}==`;
    case 'json-not-key':
      return b64({ foo: entry.junk, pk: entry.junk });
    case 'json-array':
      return b64([entry.junk, 1, null]);
    case 'empty':
      return '';
  }
}

function queryString(route: RouteUnderTest, entries: QueryEntry[]): string {
  const knownKeys = Object.keys(route.query);
  const parts: string[] = [];
  for (const entry of entries) {
    switch (entry.t) {
      case 'known': {
        const key = knownKeys.length > 0 ? knownKeys[entry.key % knownKeys.length]! : ['limit', 'nextToken', 'bureau', 'status'][entry.key % 4]!;
        const v = entry.value;
        const value =
          v.t === 'valid' ? (key === 'consignment' ? (pools.consignments[v.pick % pools.consignments.length] ?? 'x') : key === 'train' || key === 'trainId' ? (pools.trains[v.pick % Math.max(1, pools.trains.length)] ?? 'x') : validQueryValue(route.query[key], v.pick, Date.now())) : v.t === 'long' ? 'x'.repeat(v.n) : v.s;
        parts.push(`${encodeQueryPart(key)}=${encodeQueryPart(value)}`);
        break;
      }
      case 'unknown':
        parts.push(`${encodeQueryPart(entry.key)}=${encodeQueryPart(entry.value)}`);
        break;
      case 'token':
        parts.push(`nextToken=${encodeQueryPart(pageToken(route, entry))}`);
        break;
      case 'raw':
        parts.push(entry.text);
        break;
    }
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

interface Built {
  raw: RawRequest;
  describe: string;
}

async function build(request: FuzzRequest, route: RouteUnderTest): Promise<Built> {
  const headers: Record<string, string> = {};
  if (request.fitting !== null && request.caller !== 'none' && request.caller !== 'bad-token') {
    const fitting = CALLERS.filter((c) => route.spec.roles?.includes(IDENTITIES[c as keyof typeof IDENTITIES].role));
    if (fitting.length > 0) request = { ...request, caller: fitting[request.fitting % fitting.length]! };
  }
  if (request.caller === 'bad-token') headers.authorization = headerBytes(request.badToken);
  else if (request.caller !== 'none') headers.authorization = `Bearer ${await env!.token(IDENTITIES[request.caller])}`;
  if (request.contentType !== null) headers['content-type'] = request.contentType;
  const key = request.key;
  if (key.t === 'fresh') headers['idempotency-key'] = `fuzz-${seed}-${++fresh}`;
  else if (key.t === 'reuse') headers['idempotency-key'] = `fuzz-reused-${key.n}`;
  else if (key.t === 'edge' || key.t === 'unicode') headers['idempotency-key'] = headerBytes(key.v);

  const params: Record<string, string> = {};
  for (const name of route.params) {
    const s = request.segment;
    const pool = resourcePool(route);
    params[name] = s.kind === 'real' ? encodeURIComponent(pool[s.pick % Math.max(1, pool.length)] ?? 'none') + s.suffix : s.kind === 'unknown' ? s.value : encodeSegment(s.value);
  }
  const path = fillPath(route, params) + queryString(route, request.query);

  const list = samples(route);
  const b = request.body;
  let body: string | Buffer | undefined;
  switch (b.t) {
    case 'none':
      body = undefined;
      break;
    case 'valid':
      body = serialise(list[b.sample % list.length]);
      break;
    case 'mutated':
      body = serialise(mutate(list[b.sample % list.length], b.mutations, route, pools.trains[0]));
      break;
    case 'json':
      body = serialise(b.value);
      break;
    case 'raw':
      body = b.binary ? Buffer.from(b.text, 'latin1') : b.text;
      break;
    case 'deep':
      body = deep(b.depth, b.shape);
      break;
    case 'huge':
      body = JSON.stringify({ ...(list[0] as object), padding: 'x'.repeat(b.size) });
      break;
  }
  const shown = body === undefined ? '(no body)' : body.length > 400 ? `${body.toString().slice(0, 300)}… (${body.length} bytes)` : body.toString();
  const shownHeaders = Object.entries(headers)
    .map(([k, v]) => `${k}: ${k === 'authorization' ? (request.caller === 'bad-token' ? v.slice(0, 40) : `<${request.caller}>`) : v.length > 80 ? `${v.slice(0, 60)}… (${v.length})` : v}`)
    .join(' | ');
  const shownPath = path.length > 300 ? `${path.slice(0, 240)}… (${path.length} chars)` : path;
  return {
    raw: { method: route.method, path, headers, ...(body !== undefined && { body }) },
    describe: `${route.method} ${shownPath}${request.burst ? ` ×${request.burst} at once` : ''}\n      headers: ${shownHeaders}\n      body: ${shown}`,
  };
}

const counts = { requestsTried: 0, serverErrors: 0, writesDespite4xx: 0, inconclusive: 0, resets: 0, byStatus: new Map<number, number>() };
const findings: string[] = [];

async function restart(): Promise<void> {
  await env?.close();
  env = await startInProcessCloud();
  await seedState();
  await env.selfTest();
}

describe(`fuzzing every route (seed ${SEED})`, () => {
  beforeAll(async () => {
    // One log line per request would bury the findings; errors are still logged.
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    routes = await loadRoutes();
    await restart();
  });
  afterAll(async () => {
    await env?.close();
    env = undefined;
  });

  it('gives no 5xx and writes nothing on a 4xx', async () => {
    const target = SIZES.fuzzRequests;
    // Bursts count each request they send, so sample more than enough and stop at the target.
    const requests = fc.sample(fuzzRequest(routes.length), { seed, numRuns: target + 200 });
    let current: Fingerprint | undefined;
    let currentTimers = 0;
    for (const [index, request] of requests.entries()) {
      if (counts.requestsTried >= target) break;
      const route = routes[request.route]!;
      if (current && current.count > MAX_ITEMS) {
        counts.resets++;
        await restart();
        current = undefined;
      }
      if (index % 250 === 249) await refreshTasks();
      // A timer that fired since the last fingerprint may have changed the state: take it again.
      if (current && env!.timersFired() !== currentTimers) current = undefined;
      if (route.write && !current) {
        currentTimers = env!.timersFired();
        current = await env!.fingerprint();
      }
      const before = current;
      const timersBefore = currentTimers;
      const mark = env!.mark();
      const built = await build(request, route);
      const times = request.burst ?? 1;
      const responses: RawResponse[] = await Promise.all(Array.from({ length: times }, () => send(env!.apiUrl, built.raw)));
      const answered = responses.filter((r) => r.status !== -1);
      // FAULTS_TRACE=1 prints every request and its answers.
      if (process.env.FAULTS_TRACE === '1') process.stdout.write(`  [trace] #${index} ${request.caller}${request.fitting !== null ? '(fitting)' : ''} ${built.describe.split('\n')[0]} → ${responses.map((r) => r.status).join(',')} ${responses[0]?.text.slice(0, 120)}\n`);
      counts.requestsTried += answered.length;
      for (const r of answered) counts.byStatus.set(r.status, (counts.byStatus.get(r.status) ?? 0) + 1);

      const failures = answered.filter((r) => r.status === 0 || r.status >= 500);
      if (failures.length > 0) {
        counts.serverErrors += failures.length;
        const r = failures[0]!;
        finding(findings, `5xx #${counts.serverErrors} (request ${index}, seed ${SEED}): ${built.describe}\n      → ${r.status === 0 ? `no answer (${r.error})` : `${r.status} ${r.text.slice(0, 300)}`}`);
      }
      if (!route.write) {
        // A read may write (the review index records a final status): the next write rescans.
        if (answered.some((r) => r.status < 400 || r.status >= 500)) current = undefined;
        if (env!.busySince(mark)) {
          await env!.quiesce(250);
          current = undefined;
        }
        continue;
      }
      if (answered.some((r) => r.status < 400 || r.status >= 500)) {
        for (const r of answered) {
          const id = (json<{ id?: string }>(r) ?? {}).id;
          if (r.status === 201 && typeof id === 'string') (coordinationPoolOfCreated(route.path, pools) ?? (route.path === '/alerts' ? pools.alerts : route.path === '/trains' ? pools.trains : route.path === '/recognised-bodies' ? pools.bodies : pools.consignments)).push(id);
          const permit = (json<{ number?: string }>(r) ?? {}).number;
          if (r.status === 201 && route.path === '/permits' && typeof permit === 'string') pools.permits.push(permit);
        }
        // Whatever the request started in the background runs to its end before the next one.
        await sleep(20);
        await env!.quiesce(250);
        current = undefined;
        if (route.key === 'POST /consignments' || route.key === 'POST /tasks/{id}/complete') await refreshTasks();
        continue;
      }
      // Every answer a 4xx, on a write route: nothing may have changed.
      if (answered.length === 0 || !before) continue;
      let after = await env!.fingerprint();
      if (env!.busySince(mark)) {
        await env!.quiesce(250);
        after = await env!.fingerprint();
      }
      current = after;
      currentTimers = env!.timersFired();
      if (after.hash !== before.hash && currentTimers !== timersBefore) {
        // A timer fired meanwhile (a Retry interval, a Wait, a schedule): the change may be its
        // work, not the request's. Counted apart, and shown; a write a request makes shows again.
        counts.inconclusive++;
        finding(findings, `inconclusive (a timer fired while request ${index} ran; not counted): ${built.describe.split('\n')[0]!.slice(0, 200)} → ${answered[0]!.status}; changed: ${diffFingerprints(before, after, 4)}`);
      } else if (after.hash !== before.hash) {
        counts.writesDespite4xx++;
        finding(findings, `write despite ${answered.map((r) => r.status).join('/')} #${counts.writesDespite4xx} (request ${index}, seed ${SEED}): ${built.describe}\n      → ${answered[0]!.text.slice(0, 200)}\n      changed: ${diffFingerprints(before, after)}`);
      }
    }
    const statuses = [...counts.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
    const line = `fuzz: requests tried ${counts.requestsTried}, 5xx ${counts.serverErrors}, writes despite 4xx ${counts.writesDespite4xx} (seed ${SEED}, ${FULL ? 'full' : 'fast'}; ${counts.inconclusive} checks inconclusive because a timer fired; ${counts.resets} fresh clouds; statuses ${statuses})`;
    process.stdout.write(`  [faults] ${line}\n`);
    writePartReport({ part: 'fuzz', seed: SEED, full: FULL, figures: { requestsTried: counts.requestsTried, serverErrors: counts.serverErrors, writesDespite4xx: counts.writesDespite4xx }, findings: [line, ...findings] });
    expect(counts.requestsTried).toBeGreaterThanOrEqual(target);
    expect({ serverErrors: counts.serverErrors, writesDespite4xx: counts.writesDespite4xx }, findings.join('\n')).toEqual({ serverErrors: 0, writesDespite4xx: 0 });
  });
});
