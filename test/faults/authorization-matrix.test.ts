import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenRequest } from '#local/auth/issuer.ts';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { DAY, inboundTrain } from '#test/domain/train-bodies.ts';
import { FULL, SEED } from './support/config.ts';
import { json, send, sleep } from './support/http.ts';
import { startInProcessCloud, type InProcessCloud } from './support/in-process.ts';
import { finding, writePartReport } from './support/report.ts';
import { loadRoutes, type RouteUnderTest } from './support/routes.ts';

/**
 * Route × role × bureau: who may call what, generated from the manifest's routes and checked
 * against the live answers (allow: 2xx; deny: 4xx; no token: 401).
 *
 * The expectations are declared here, from what README.md and DESIGN.md say, not from the code:
 * "a bureau can act only where it is the responsible bureau; HQ reads all"; a declarant acts for
 * its own enterprise. The resources are an import through Alashankou for Chongqing (responsible
 * bureaus XJ, the port, and CQ, the destination), its port-checks task (XJ's), and a return train
 * Duisburg → Alashankou → Chongqing (port bureau XJ, inland bureau CQ). HL is a bureau with no
 * part in any of them; the other enterprise is an Urumqi trader.
 *
 * Callers: `none` (no Authorization header), `hq`, and for a route with a resource an officer of
 * the responsible bureau, of its partner (the other bureau with a part in the resource: XJ for
 * CQ, CQ for XJ) and of another bureau, the declaring enterprise and another one; for a route
 * without a resource, one officer and one declarant.
 */
type Callers = 'none' | 'hq' | 'officer' | 'officerResponsible' | 'officerPartner' | 'officerOther' | 'declarant' | 'declarantOwn' | 'declarantOther';
type Expect = 'allow' | 'deny';
type Row = Partial<Record<Callers, Expect>>;

const READ_RESOURCE: Row = { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' };
const ACT_ON_RESOURCE: Row = { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'deny', declarantOther: 'deny' };
const PUBLIC: Row = { none: 'allow', hq: 'allow', officer: 'allow', declarant: 'allow' };

/** The declared table: one row per route of the manifest (a route missing here fails the test). */
const EXPECTED: Record<string, Row> = {
  'GET /health': PUBLIC,
  'GET /openapi.json': PUBLIC,
  'GET /me': { none: 'deny', hq: 'allow', officer: 'allow', declarant: 'allow' },
  // Filing: the declarant for its own enterprise, or an officer of the inland (responsible) bureau, not the port's; HQ reads, it does not file.
  'POST /consignments': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  // Listing with ?bureau=CQ: HQ all, CQ its own, HL not CQ's; a declarant lists its enterprise's.
  'GET /consignments': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'deny', declarant: 'allow' },
  'GET /consignments/{id}': READ_RESOURCE,
  'GET /consignments/{id}/history': READ_RESOURCE,
  // XJ's queue (?bureau=XJ): its officers; HQ reads all (issue 11: HQ sees any bureau's queue, read only); HL not XJ's.
  'GET /tasks': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'deny', declarant: 'deny' },
  // The port-checks task is XJ's: only XJ's officers answer it.
  'POST /tasks/{id}/complete': ACT_ON_RESOURCE,
  'GET /notifications': { none: 'deny', hq: 'allow', officer: 'allow', declarant: 'deny' },
  // A bureau's own notifications pushed to its system; HQ reads (GET /notifications), a declarant has no inbox.
  'POST /webhooks': { none: 'deny', hq: 'deny', officer: 'allow', declarant: 'deny' },
  // Registering the return train: the port bureau (XJ) or the inland bureau; not HL.
  'POST /trains': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerOther: 'deny', declarant: 'deny' },
  'GET /trains': { none: 'deny', hq: 'allow', officer: 'allow', declarant: 'deny' },
  // Timetables are shared by every bureau (408号 三（三）, one information system): any officer reads a train.
  'GET /trains/{id}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'allow', declarant: 'deny' },
  // Changing the timetable: the port bureau (XJ) or the inland bureau (CQ).
  'PATCH /trains/{id}': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'deny', declarant: 'deny' },
  // The arrival at the border: the port bureau (XJ), whose officers are there; not the inland bureau.
  'POST /trains/{id}/events': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarant: 'deny' },
  // Linking the consignment to its train: its declarant or a responsible bureau.
  'PUT /consignments/{id}/train': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  // Review of CQ's executions (?bureau=CQ) for officers, of the import (?consignment=) for declarants.
  'GET /executions': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  'GET /executions/{id}': READ_RESOURCE,
  // Statistics with ?bureau=CQ; declarants have none.
  'GET /stats': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'deny', declarant: 'deny' },
};

const HQ: TokenRequest = { bureau: 'HQ', role: 'hq' };
const officer = (bureau: string): TokenRequest => ({ bureau, role: 'officer' });
const IMPORTER: TokenRequest = { bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const OTHER_DECLARANT: TokenRequest = { bureau: 'XJ', role: 'declarant', enterprise: CREDIT_CODES.urumqiTrader };

/** Who the caller is for this route: the responsible bureau is the one that acts on the resource. */
function identity(route: string, caller: Callers): TokenRequest | undefined {
  switch (caller) {
    case 'none':
      return undefined;
    case 'hq':
      return HQ;
    case 'officer':
      return officer('XJ');
    case 'officerResponsible':
    case 'officerPartner': {
      const responsible = ['GET /tasks', 'POST /tasks/{id}/complete', 'POST /trains', 'PATCH /trains/{id}', 'POST /trains/{id}/events'].includes(route) ? 'XJ' : 'CQ';
      return officer(caller === 'officerResponsible' ? responsible : responsible === 'XJ' ? 'CQ' : 'XJ');
    }
    case 'officerOther':
      return officer('HL');
    case 'declarant':
    case 'declarantOwn':
      return IMPORTER;
    case 'declarantOther':
      return OTHER_DECLARANT;
  }
}

let env: InProcessCloud;
let serial = 0;
const shared: { consignment?: string; task?: string; train?: string } = {};

async function call(method: string, path: string, who: TokenRequest | undefined, body?: unknown, headers: Record<string, string> = {}) {
  const response = await send(env.apiUrl, {
    method,
    path,
    headers: { ...(who && { authorization: `Bearer ${await env.token(who)}` }), 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: response.text, body: json<Record<string, unknown>>(response) };
}

async function fileImport(): Promise<string> {
  const answer = await call('POST', '/consignments', IMPORTER, importFiling(), { 'idempotency-key': `matrix-${SEED}-${++serial}` });
  if (answer.status !== 201) throw new Error(`setup: filing answered ${answer.status} ${answer.text}`);
  return String(answer.body!.id);
}

async function portChecksTask(consignmentId: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const answer = await call('GET', '/tasks?limit=100', officer('XJ'));
    const task = (answer.body?.items as Array<{ id: string; consignmentId: string; kind: string }> | undefined)?.find((t) => t.consignmentId === consignmentId && t.kind === 'port-checks');
    if (task) return task.id;
    await sleep(50);
  }
  throw new Error(`setup: no port-checks task for ${consignmentId}`);
}

async function registerTrain(): Promise<string> {
  const body = inboundTrain(`M${1000 + ++serial}`, Date.now() + 21 * DAY + serial * 3_600_000);
  const answer = await call('POST', '/trains', officer('XJ'), body);
  if (answer.status !== 201) throw new Error(`setup: train registration answered ${answer.status} ${answer.text}`);
  return String(answer.body!.id);
}

/** The request of one cell; writes get a fresh resource, so that one cell cannot change another's answer. */
async function request(route: RouteUnderTest, caller: Callers): Promise<{ method: string; path: string; body?: unknown; headers?: Record<string, string> }> {
  const key = { 'idempotency-key': `matrix-cell-${SEED}-${++serial}` };
  switch (route.key) {
    case 'POST /consignments':
      return { method: 'POST', path: '/consignments', body: importFiling(), headers: key };
    case 'GET /consignments':
      return { method: 'GET', path: caller === 'declarant' ? '/consignments' : '/consignments?bureau=CQ' };
    case 'GET /consignments/{id}':
      return { method: 'GET', path: `/consignments/${shared.consignment}` };
    case 'GET /consignments/{id}/history':
      return { method: 'GET', path: `/consignments/${shared.consignment}/history` };
    case 'GET /tasks':
      return { method: 'GET', path: '/tasks?bureau=XJ' };
    case 'POST /tasks/{id}/complete': {
      const task = await portChecksTask(await fileImport());
      return {
        method: 'POST',
        path: `/tasks/${task}/complete`,
        body: { outcome: 'pass', details: { containers: [{ number: 'CSQU3054383', radiation: 'normal', quarantine: 'pass', treatment: 'done' }] } },
        headers: key,
      };
    }
    case 'POST /webhooks':
      return { method: 'POST', path: '/webhooks', body: { url: `https://hooks.invalid/matrix/${serial}` }, headers: key };
    case 'POST /trains':
      return { method: 'POST', path: '/trains', body: inboundTrain(`N${1000 + serial}`, Date.now() + 22 * DAY + serial * 3_600_000), headers: key };
    case 'GET /trains/{id}':
      return { method: 'GET', path: `/trains/${shared.train}` };
    case 'PATCH /trains/{id}':
      return { method: 'PATCH', path: `/trains/${await registerTrain()}`, body: { preArrivalNoticeHours: 8 }, headers: key };
    case 'POST /trains/{id}/events':
      return { method: 'POST', path: `/trains/${await registerTrain()}/events`, body: { type: 'arrived-at-border' }, headers: key };
    case 'PUT /consignments/{id}/train':
      return { method: 'PUT', path: `/consignments/${await fileImport()}/train`, body: { trainId: shared.train }, headers: key };
    case 'GET /executions':
      return { method: 'GET', path: caller.startsWith('declarant') ? `/executions?consignment=${shared.consignment}` : '/executions?bureau=CQ' };
    case 'GET /executions/{id}':
      return { method: 'GET', path: `/executions/${shared.consignment}` };
    case 'GET /stats':
      return { method: 'GET', path: '/stats?bureau=CQ' };
    default:
      return { method: route.method, path: route.path };
  }
}

describe(`authorisation matrix, route × role × bureau (seed ${SEED})`, () => {
  let routes: RouteUnderTest[];
  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    routes = await loadRoutes();
    env = await startInProcessCloud();
    shared.consignment = await fileImport();
    shared.task = await portChecksTask(shared.consignment);
    shared.train = await registerTrain();
    await env.quiesce(200);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('answers every cell as declared: allow 2xx, deny 4xx, no token 401', async () => {
    const missing = routes.filter((r) => !EXPECTED[r.key]).map((r) => r.key);
    const stale = Object.keys(EXPECTED).filter((key) => !routes.some((r) => r.key === key));
    expect({ missing, stale }, 'every route of the manifest has a row in the declared table, and only those').toEqual({ missing: [], stale: [] });

    const findings: string[] = [];
    let cells = 0;
    const lines: string[] = [];
    for (const route of routes) {
      const row = EXPECTED[route.key]!;
      const answers: string[] = [];
      for (const [caller, expected] of Object.entries(row) as Array<[Callers, Expect]>) {
        cells++;
        const req = await request(route, caller);
        const who = identity(route.key, caller);
        const answer = await call(req.method, req.path, who, req.body, req.headers);
        await env.quiesce(100);
        const ok =
          caller === 'none' && route.auth === 'jwt'
            ? answer.status === 401
            : expected === 'allow'
              ? answer.status >= 200 && answer.status < 300
              : answer.status >= 400 && answer.status < 500;
        answers.push(`${caller} ${answer.status}${ok ? '' : '!'}`);
        if (!ok) {
          finding(
            findings,
            `matrix surprise: ${route.key} as ${caller}${who ? ` (${who.role} ${who.enterprise ?? who.bureau})` : ''}: expected ${caller === 'none' && route.auth === 'jwt' ? '401' : expected === 'allow' ? '2xx' : '4xx'}, got ${answer.status} — ${req.method} ${req.path} → ${answer.text.slice(0, 200)}`,
          );
        }
      }
      lines.push(`${route.key}: ${answers.join(', ')}`);
    }
    const line = `matrix: ${cells} cells (${routes.length} routes), ${findings.length} surprises (seed ${SEED})`;
    process.stdout.write(`  [faults] ${line}\n`);
    writePartReport({ part: 'matrix', seed: SEED, full: FULL, figures: { matrixCells: cells, matrixSurprises: findings.length }, findings: [line, ...findings, ...lines] });
    expect(findings, findings.join('\n')).toEqual([]);
  });
});
