import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenRequest } from '#local/auth/issuer.ts';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { generalApplication } from '#test/domain/origin-bodies.ts';
import { porkPermitIssue, validFor } from '#test/domain/permit-fixtures.ts';
import { DAY, inboundTrain } from '#test/domain/train-bodies.ts';
import { FULL, SEED } from './support/config.ts';
import { alertBody, failedImportCandidate, publishedAlert } from './support/alerts.ts';
import { directoryChange, filedReport, generalCaseBody, policyNoticeBody, reportBody, waitingCase } from './support/coordination.ts';
import { json, send, sleep } from './support/http.ts';
import { currentSettingsChange, replayBody } from './support/risk-feedback.ts';
import { assessmentBody, designatedSiteBody, marketAccessBody, publishedTradeMeasure, recordedAssessment, registeredAccess, registeredSite, tradeMeasureBody } from './support/market-access.ts';
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
const HQ_ONLY: Row = { none: 'deny', hq: 'allow', officer: 'deny', declarant: 'deny' };
/** Whoever holds a token, of any role: what every caller may know but the public may not. */
const SIGNED_IN: Row = { none: 'deny', hq: 'allow', officer: 'allow', declarant: 'allow' };
/** The authorities, any bureau's officers or HQ; enterprises have no part in it. */
const BUREAUS_AND_HQ: Row = { none: 'deny', hq: 'allow', officer: 'allow', declarant: 'deny' };

/** The declared table: one row per route of the manifest (a route missing here fails the test). */
const EXPECTED: Record<string, Row> = {
  'GET /health': PUBLIC,
  'GET /openapi.json': PUBLIC,
  'GET /docs': PUBLIC,
  'GET /docs/{asset}': PUBLIC,
  'GET /me': SIGNED_IN,
  // Filing: the declarant for its own enterprise, or an officer of the inland (responsible) bureau, not the port's; HQ reads, it does not file.
  'POST /consignments': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  // Listing with ?bureau=CQ: HQ all, CQ its own, HL not CQ's; a declarant lists its enterprise's.
  'GET /consignments': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'deny', declarant: 'allow' },
  'GET /consignments/{id}': READ_RESOURCE,
  'GET /consignments/{id}/history': READ_RESOURCE,
  // 408号 三（四）: the parcel manifest of a cross-border e-commerce import, declared by its enterprise or the inland bureau; read as the consignment.
  'PUT /consignments/{id}/parcels': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  'GET /consignments/{id}/parcels': READ_RESOURCE,
  'GET /consignments/{id}/parcel-sample': READ_RESOURCE,
  // 408号 三（四）: the market-procurement register, kept by the market's (purchase-location) bureau; officers and HQ read it.
  'POST /markets': { none: 'deny', hq: 'deny', officer: 'allow', declarant: 'deny' },
  'GET /markets/{id}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'allow', declarantOwn: 'deny', declarantOther: 'deny' },
  // 408号 三（四）: global-maintenance pairs, supervised by the import's destination bureau; the enterprise reads its own.
  'GET /maintenance': BUREAUS_AND_HQ,
  'GET /maintenance/{importId}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  'PUT /markets/{id}/traders/{creditCode}': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'deny', declarantOther: 'deny' },
  // XJ's queue (?bureau=XJ): its officers; HQ reads all (issue 11: HQ sees any bureau's queue, read only); HL not XJ's.
  'GET /tasks': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'deny', declarant: 'deny' },
  // The port-checks task is XJ's: only XJ's officers answer it.
  'POST /tasks/{id}/complete': ACT_ON_RESOURCE,
  // A bureau's inbox for its officers and HQ; a declarant reads its enterprise's (what bureaus told it, e.g. a certificate of origin issued).
  'GET /notifications': SIGNED_IN,
  // A bureau's own notifications pushed to its system; HQ reads (GET /notifications), a declarant has no webhooks.
  'POST /webhooks': { none: 'deny', hq: 'deny', officer: 'allow', declarant: 'deny' },
  // Registering the return train: the port bureau (XJ) or the inland bureau; not HL.
  'POST /trains': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerOther: 'deny', declarant: 'deny' },
  'GET /trains': BUREAUS_AND_HQ,
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
  // Risk feedback (408号 三（二）): the importer's quality assessment for HQ, every bureau and the importer, not another
  // enterprise; the thresholds read by bureaus and set by HQ only; the replay of the policy is HQ's.
  'GET /quality-assessments': { none: 'deny', hq: 'allow', officer: 'allow', declarantOwn: 'allow', declarantOther: 'deny' },
  'GET /risk-settings': BUREAUS_AND_HQ,
  'PUT /risk-settings': HQ_ONLY,
  'POST /policy/replay': HQ_ONLY,
  // Certificates of origin (原产地签证无纸化申报) for the Yiwu exporter's export, whose origin bureau is ZJ (port XJ):
  // the exporter's declarant applies; the exporter, ZJ and HQ read; the port bureau has no part in it.
  'POST /origin-certificate-applications': { none: 'deny', hq: 'deny', officerResponsible: 'deny', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  // ZJ's applications (?bureau=ZJ) for officers and HQ; a declarant lists its enterprise's.
  'GET /origin-certificate-applications': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerOther: 'deny', declarant: 'allow' },
  'GET /origin-certificate-applications/{id}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  // The register of recognised third-party bodies (408号 三（八）): HQ keeps it, every caller reads it.
  'POST /recognised-bodies': HQ_ONLY,
  'GET /recognised-bodies': SIGNED_IN,
  'GET /recognised-bodies/{id}': SIGNED_IN,
  'PATCH /recognised-bodies/{id}': HQ_ONLY,
  'POST /recognised-bodies/{id}/withdraw': HQ_ONLY,
  // Permits and approvals (408号 三（六）): an officer registers one for its bureau, HQ for HQ. The
  // importer's permit, registered by CQ: its holder, every bureau (any consignment's bureaus may
  // need it) and HQ read it; another enterprise is told it does not exist; CQ or HQ cancels it.
  // Signed certificates (三（六）) of the Yiwu export, issued by ZJ at release: the bureaus involved (ZJ, the port XJ), the exporter and HQ read;
  // only ZJ's officers revoke; anyone verifies a serial and reads the public keys.
  'GET /certificates/{id}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'deny', declarantOwn: 'allow', declarantOther: 'deny' },
  'POST /certificates/{id}/revoke': ACT_ON_RESOURCE,
  'GET /verify/{serial}': PUBLIC,
  'GET /.well-known/certificate-keys.json': PUBLIC,
  'POST /permits': BUREAUS_AND_HQ,
  'GET /permits': SIGNED_IN,
  'GET /permits/{number}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'allow', declarantOwn: 'allow', declarantOther: 'deny' },
  'POST /permits/{number}/cancel': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarantOwn: 'deny', declarantOther: 'deny' },
  // Coordination cases (408号 四（二）、（三）) between bureaus; enterprises have no part in them. The case is one CQ opened
  // with SC in the XJ-led group: CQ (the opener) and XJ (the lead bureau) read it and post on its thread, HL does not, HQ does.
  'POST /cases': { none: 'deny', hq: 'deny', officer: 'allow', declarant: 'deny' },
  'GET /cases': BUREAUS_AND_HQ,
  'GET /cases/stats': HQ_ONLY,
  'GET /cases/{id}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'deny', declarant: 'deny' },
  'POST /cases/{id}/messages': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'deny', declarant: 'deny' },
  // A case SC opened with CQ: CQ answers; the lead bureau XJ and HQ decide only once it has escalated to them.
  'POST /cases/{id}/resolve': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarant: 'deny' },
  // A case CQ opened: only CQ withdraws it.
  'POST /cases/{id}/withdraw': { none: 'deny', hq: 'deny', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarant: 'deny' },
  // The cooperation directory: every caller reads it (declarants without contacts); CQ's entry is kept by CQ or HQ.
  'GET /directory': SIGNED_IN,
  'GET /directory/bureaus/{code}': SIGNED_IN,
  'PUT /directory/bureaus/{code}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'deny', officerOther: 'deny', declarant: 'deny' },
  // Reports to HQ (三（十）): a bureau files, HQ reads all and acknowledges, a bureau reads its own.
  'POST /reports': { none: 'deny', hq: 'deny', officer: 'allow', declarant: 'deny' },
  'GET /reports': BUREAUS_AND_HQ,
  'POST /reports/{id}/acknowledge': HQ_ONLY,
  // Policy notices for enterprises: HQ or a bureau publishes; anyone reads the feed, without a token.
  'POST /policy-notices': BUREAUS_AND_HQ,
  'GET /policy-notices': PUBLIC,
  // The alert platform (408号 三（七）): a bureau or HQ publishes, HQ approves, rejects and changes; every caller reads
  // the alerts in force (declarants must know the measures). The alert is HQ's, in force; the proposal NM's.
  'POST /alerts': BUREAUS_AND_HQ,
  'GET /alerts': SIGNED_IN,
  'GET /alerts/{id}': SIGNED_IN,
  'PATCH /alerts/{id}': HQ_ONLY,
  'POST /alerts/{id}/approve': HQ_ONLY,
  'POST /alerts/{id}/reject': HQ_ONLY,
  'POST /alerts/{id}/withdraw': HQ_ONLY,
  // Nonconformities by origin country and HS heading, for HQ to publish an alert from.
  'GET /alert-candidates': HQ_ONLY,
  'POST /alert-candidates/{key}/publish': HQ_ONLY,
  // An enterprise's subscription to alert notices: its declarants' own; bureaus hear of every alert anyway.
  'PUT /alert-subscription': { none: 'deny', hq: 'deny', officer: 'deny', declarant: 'allow' },
  'GET /alert-subscription': { none: 'deny', hq: 'deny', officer: 'deny', declarant: 'allow' },
  // Market access and designated sites (408号 三（三）): HQ keeps the registers, every caller reads them.
  'POST /market-access': HQ_ONLY,
  'GET /market-access': SIGNED_IN,
  'GET /market-access/{id}': SIGNED_IN,
  'PATCH /market-access/{id}': HQ_ONLY,
  'POST /market-access/{id}/withdraw': HQ_ONLY,
  'POST /designated-sites': HQ_ONLY,
  'GET /designated-sites': SIGNED_IN,
  'GET /designated-sites/{id}': SIGNED_IN,
  'PATCH /designated-sites/{id}': HQ_ONLY,
  'POST /designated-sites/{id}/withdraw': HQ_ONLY,
  // Going-out risk assessments (三（五）): a bureau's officers record them; the one CQ keeps for the importer is changed
  // and withdrawn by CQ only; HQ and every bureau read it, the importer its own, another enterprise is told it does not exist.
  'POST /going-out/risk-assessments': { none: 'deny', hq: 'deny', officer: 'allow', declarant: 'deny' },
  'GET /going-out/risk-assessments': SIGNED_IN,
  'GET /going-out/risk-assessments/{id}': { none: 'deny', hq: 'allow', officerResponsible: 'allow', officerPartner: 'allow', officerOther: 'allow', declarantOwn: 'allow', declarantOther: 'deny' },
  'PATCH /going-out/risk-assessments/{id}': ACT_ON_RESOURCE,
  'POST /going-out/risk-assessments/{id}/withdraw': ACT_ON_RESOURCE,
  // Technical-trade-measure notes (三（五）、（十）): bureaus and HQ publish, every caller reads; an enterprise subscribes its own.
  'POST /trade-measures': BUREAUS_AND_HQ,
  'GET /trade-measures': SIGNED_IN,
  'GET /trade-measures/{id}': SIGNED_IN,
  'PUT /trade-measure-subscription': { none: 'deny', hq: 'deny', officer: 'deny', declarant: 'allow' },
  'GET /trade-measure-subscription': { none: 'deny', hq: 'deny', officer: 'deny', declarant: 'allow' },
};

const HQ: TokenRequest = { bureau: 'HQ', role: 'hq' };
const officer = (bureau: string): TokenRequest => ({ bureau, role: 'officer' });
const IMPORTER: TokenRequest = { bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const OTHER_DECLARANT: TokenRequest = { bureau: 'XJ', role: 'declarant', enterprise: CREDIT_CODES.urumqiTrader };
/** The exporter of the certificate-of-origin rows: Yiwu toys, origin bureau ZJ, port bureau XJ. */
const EXPORTER: TokenRequest = { bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter };
/** Routes about the Yiwu exporter's export (origin bureau ZJ): its certificate-of-origin application and its certificates. */
const isOriginRoute = (route: string) => route.includes('/origin-certificate-applications') || route.includes('/certificates/');

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
      if (isOriginRoute(route)) return officer(caller === 'officerResponsible' ? 'ZJ' : 'XJ');
      const responsible = ['GET /tasks', 'POST /tasks/{id}/complete', 'POST /trains', 'PATCH /trains/{id}', 'POST /trains/{id}/events'].includes(route) ? 'XJ' : 'CQ';
      return officer(caller === 'officerResponsible' ? responsible : responsible === 'XJ' ? 'CQ' : 'XJ');
    }
    case 'officerOther':
      return officer('HL');
    case 'declarant':
    case 'declarantOwn':
      return isOriginRoute(route) ? EXPORTER : IMPORTER;
    case 'declarantOther':
      return OTHER_DECLARANT;
  }
}

let env: InProcessCloud;
let serial = 0;
const shared: { consignment?: string; parcels?: string; market?: string; maintenance?: string; task?: string; train?: string; body?: string; application?: string; permit?: string; certificate?: { id: string; serial: string }; case?: string; alert?: string; access?: string; assessment?: string; tradeMeasure?: string } = {};

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

/** A cross-border e-commerce import (list-based supervision), with its parcel manifest when `uploaded`. */
async function fileEcommerceImport(uploaded: boolean): Promise<string> {
  const answer = await call('POST', '/consignments', IMPORTER, importFiling({ tradeMode: 'cross-border-ecommerce' }), { 'idempotency-key': `matrix-${SEED}-${++serial}` });
  if (answer.status !== 201) throw new Error(`setup: e-commerce filing answered ${answer.status} ${answer.text}`);
  const id = String(answer.body!.id);
  if (uploaded) {
    const upload = await call('PUT', `/consignments/${id}/parcels`, IMPORTER, parcelManifestBody(), { 'idempotency-key': `matrix-${SEED}-${++serial}` });
    if (upload.status !== 201) throw new Error(`setup: parcel manifest answered ${upload.status} ${upload.text}`);
  }
  return id;
}

/** A global-maintenance (repair) import of the Chongqing importer, due to leave again in 30 days. */
async function fileRepairImport(): Promise<string> {
  const reExportBy = new Date(Date.now() + 30 * DAY).toISOString();
  const answer = await call('POST', '/consignments', IMPORTER, importFiling({ tradeMode: 'global-maintenance', maintenance: { reExportBy } }), { 'idempotency-key': `matrix-${SEED}-${++serial}` });
  if (answer.status !== 201) throw new Error(`setup: repair import answered ${answer.status} ${answer.text}`);
  return String(answer.body!.id);
}

/** A market of market-procurement trade, kept by CQ (the matrix's responsible bureau). */
async function registerMarket(): Promise<string> {
  const id = `MATRIX-${SEED}-${++serial}`;
  const answer = await call('POST', '/markets', officer('CQ'), marketBody(id));
  if (answer.status !== 201) throw new Error(`setup: market registration answered ${answer.status} ${answer.text}`);
  return id;
}

const marketBody = (id: string) => ({ id, name: { zh: '矩阵市场', en: 'Matrix market' }, city: 'Chongqing' });

const parcelManifestBody = () => ({ lines: [1, 2, 3].map((i) => ({ waybill: `MATRIX${i}`, description: 'phone case', hsCode: '392690', quantity: 1, value: 30 })) });

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

/** An export of the Yiwu exporter (origin bureau ZJ): what a certificate of origin is applied for. */
async function fileExport(): Promise<string> {
  const answer = await call('POST', '/consignments', EXPORTER, exportFiling(), { 'idempotency-key': `matrix-${SEED}-${++serial}` });
  if (answer.status !== 201) throw new Error(`setup: export filing answered ${answer.status} ${answer.text}`);
  return String(answer.body!.id);
}

/** A released export of the Yiwu exporter and the export clearance ZJ signed for it. */
async function exportCertificate(): Promise<{ id: string; serial: string }> {
  const consignment = await fileExport();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const tasks = await call('GET', '/tasks?limit=100', officer('ZJ'));
    const task = (tasks.body?.items as Array<{ id: string; consignmentId: string }> | undefined)?.find((t) => t.consignmentId === consignment);
    if (task) {
      const answer = await call('POST', `/tasks/${task.id}/complete`, officer('ZJ'), { outcome: 'pass' });
      if (answer.status !== 200) throw new Error(`setup: origin inspection answered ${answer.status} ${answer.text}`);
      break;
    }
    await sleep(50);
  }
  while (Date.now() < deadline) {
    const read = await call('GET', `/consignments/${consignment}`, HQ);
    const [certificate] = (read.body?.certificates as Array<{ id: string; serial: string }> | undefined) ?? [];
    if (certificate) return certificate;
    await sleep(50);
  }
  throw new Error(`setup: no certificate for export ${consignment}`);
}

async function applyForOrigin(): Promise<string> {
  const answer = await call('POST', '/origin-certificate-applications', EXPORTER, generalApplication(await fileExport()));
  if (answer.status !== 201) throw new Error(`setup: origin application answered ${answer.status} ${answer.text}`);
  return String(answer.body!.id);
}

async function registerTrain(): Promise<string> {
  const body = inboundTrain(`M${1000 + ++serial}`, Date.now() + 21 * DAY + serial * 3_600_000);
  const answer = await call('POST', '/trains', officer('XJ'), body);
  if (answer.status !== 201) throw new Error(`setup: train registration answered ${answer.status} ${answer.text}`);
  return String(answer.body!.id);
}

const recognisedBodyBody = (id: string) => ({
  id,
  name: 'Matrix Testing AG',
  country: 'CH',
  accreditation: { body: 'SAS', number: 'STS 0001' },
  scope: { hsPrefixes: ['84'] },
  recognisedFrom: '2024-01-01T00:00:00Z',
});

/** A recognised body of its own for a cell (HQ registers it), at version 1. */
async function registerBody(): Promise<string> {
  const id = `MATRIX-${SEED}-${++serial}`;
  const answer = await call('POST', '/recognised-bodies', HQ, recognisedBodyBody(id));
  if (answer.status !== 201) throw new Error(`setup: body registration answered ${answer.status} ${answer.text}`);
  return id;
}

/** A pork permit CQ registers for the Chongqing importer, valid for a year from now. */
const permitBody = (number: string) => porkPermitIssue({ number, ...validFor() });

/** A permit of its own for a cell (CQ registers it). */
async function issuePermit(): Promise<string> {
  const number = `MATRIX-${SEED}-${++serial}`;
  const answer = await call('POST', '/permits', officer('CQ'), permitBody(number));
  if (answer.status !== 201) throw new Error(`setup: permit registration answered ${answer.status} ${answer.text}`);
  return number;
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
    case 'PUT /consignments/{id}/parcels':
      return { method: 'PUT', path: `/consignments/${await fileEcommerceImport(false)}/parcels`, body: parcelManifestBody(), headers: key };
    case 'GET /consignments/{id}/parcels':
      return { method: 'GET', path: `/consignments/${shared.parcels}/parcels` };
    case 'GET /consignments/{id}/parcel-sample':
      return { method: 'GET', path: `/consignments/${shared.parcels}/parcel-sample` };
    case 'GET /maintenance':
      return { method: 'GET', path: caller === 'hq' ? '/maintenance' : '/maintenance?status=awaiting-re-export' };
    case 'GET /maintenance/{importId}':
      return { method: 'GET', path: `/maintenance/${shared.maintenance}` };
    case 'POST /markets':
      return { method: 'POST', path: '/markets', body: marketBody(`MATRIX-CELL-${SEED}-${serial}`), headers: key };
    case 'GET /markets/{id}':
      return { method: 'GET', path: `/markets/${shared.market}` };
    case 'PUT /markets/{id}/traders/{creditCode}':
      return { method: 'PUT', path: `/markets/${shared.market}/traders/${CREDIT_CODES.yiwuExporter}`, body: { name: `Matrix trader ${serial}`, goods: [{ hsPrefix: '9503', description: 'toys' }] }, headers: key };
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
    case 'GET /quality-assessments':
      return { method: 'GET', path: `/quality-assessments?enterprise=${CREDIT_CODES.chongqingImporter}` };
    case 'PUT /risk-settings':
      return { method: 'PUT', path: '/risk-settings', body: await currentSettingsChange(call, serial), headers: key };
    case 'POST /policy/replay':
      return { method: 'POST', path: '/policy/replay', body: replayBody() };
    case 'POST /origin-certificate-applications':
      return { method: 'POST', path: '/origin-certificate-applications', body: generalApplication(await fileExport()), headers: key };
    case 'GET /origin-certificate-applications':
      return { method: 'GET', path: caller === 'declarant' ? '/origin-certificate-applications' : '/origin-certificate-applications?bureau=ZJ' };
    case 'GET /origin-certificate-applications/{id}':
      return { method: 'GET', path: `/origin-certificate-applications/${shared.application}` };
    case 'POST /recognised-bodies':
      return { method: 'POST', path: '/recognised-bodies', body: recognisedBodyBody(`MATRIX-NEW-${SEED}-${serial}`), headers: key };
    case 'GET /recognised-bodies/{id}':
      return { method: 'GET', path: `/recognised-bodies/${shared.body}` };
    case 'PATCH /recognised-bodies/{id}':
      return { method: 'PATCH', path: `/recognised-bodies/${await registerBody()}`, body: { version: 1, scope: { hsPrefixes: ['84', '85'] } }, headers: key };
    case 'POST /permits':
      return { method: 'POST', path: '/permits', body: permitBody(`MATRIX-NEW-${SEED}-${serial}`), headers: key };
    case 'GET /certificates/{id}':
      return { method: 'GET', path: `/certificates/${shared.certificate!.id}` };
    case 'POST /certificates/{id}/revoke':
      return { method: 'POST', path: `/certificates/${(await exportCertificate()).id}/revoke`, body: { reason: 'matrix' }, headers: key };
    case 'GET /docs/{asset}':
      return { method: 'GET', path: '/docs/swagger-ui.css' };
    case 'GET /verify/{serial}':
      return { method: 'GET', path: `/verify/${shared.certificate!.serial}` };
    case 'GET /permits/{number}':
      return { method: 'GET', path: `/permits/${shared.permit}` };
    case 'POST /permits/{number}/cancel':
      return { method: 'POST', path: `/permits/${await issuePermit()}/cancel`, body: { reason: 'matrix' }, headers: key };
    case 'POST /recognised-bodies/{id}/withdraw':
      return { method: 'POST', path: `/recognised-bodies/${await registerBody()}/withdraw`, body: { reason: 'matrix' }, headers: key };
    case 'POST /cases':
      return { method: 'POST', path: '/cases', body: generalCaseBody(), headers: key };
    case 'GET /cases/{id}':
      return { method: 'GET', path: `/cases/${shared.case}` };
    case 'POST /cases/{id}/messages':
      return { method: 'POST', path: `/cases/${shared.case}/messages`, body: { text: 'matrix' }, headers: key };
    case 'POST /cases/{id}/resolve':
      return { method: 'POST', path: `/cases/${await waitingCase(call, 'SC', 'CQ')}/resolve`, body: { resolution: 'matrix' }, headers: key };
    case 'POST /cases/{id}/withdraw':
      return { method: 'POST', path: `/cases/${await waitingCase(call, 'CQ', 'SC')}/withdraw`, body: { reason: 'matrix' }, headers: key };
    case 'GET /directory/bureaus/{code}':
      return { method: 'GET', path: '/directory/bureaus/CQ' };
    case 'PUT /directory/bureaus/{code}':
      return { method: 'PUT', path: '/directory/bureaus/CQ', body: await directoryChange(call, 'CQ', serial), headers: key };
    case 'POST /reports':
      return { method: 'POST', path: '/reports', body: reportBody(), headers: key };
    case 'POST /reports/{id}/acknowledge':
      return { method: 'POST', path: `/reports/${await filedReport(call)}/acknowledge`, body: {}, headers: key };
    case 'POST /policy-notices':
      return { method: 'POST', path: '/policy-notices', body: policyNoticeBody(), headers: key };
    case 'POST /alerts':
      return { method: 'POST', path: '/alerts', body: alertBody(), headers: key };
    case 'GET /alerts/{id}':
      return { method: 'GET', path: `/alerts/${shared.alert}` };
    case 'PATCH /alerts/{id}':
      return { method: 'PATCH', path: `/alerts/${await publishedAlert(call)}`, body: { version: 1, measure: 'port-inspection' }, headers: key };
    case 'POST /alerts/{id}/approve':
      return { method: 'POST', path: `/alerts/${await publishedAlert(call, officer('NM'))}/approve`, body: {}, headers: key };
    case 'POST /alerts/{id}/reject':
      return { method: 'POST', path: `/alerts/${await publishedAlert(call, officer('NM'))}/reject`, body: { reason: 'matrix' }, headers: key };
    case 'POST /alerts/{id}/withdraw':
      return { method: 'POST', path: `/alerts/${await publishedAlert(call)}/withdraw`, body: { reason: 'matrix' }, headers: key };
    case 'POST /alert-candidates/{key}/publish': {
      // Only HQ's cell publishes (and needs a candidate): the others are refused by role first.
      const candidate = caller === 'hq' ? await failedImportCandidate(call, fileImport, portChecksTask) : 'DE-8471';
      return { method: 'POST', path: `/alert-candidates/${candidate}/publish`, body: { measure: 'heightened-inspection', validUntil: new Date(Date.now() + 7 * DAY).toISOString() }, headers: key };
    }
    case 'PUT /alert-subscription':
      return { method: 'PUT', path: '/alert-subscription', body: { countries: ['PL'] }, headers: key };
    case 'POST /market-access':
      return { method: 'POST', path: '/market-access', body: marketAccessBody(`MATRIX-NEW-${SEED}-${serial}`), headers: key };
    case 'GET /market-access/{id}':
      return { method: 'GET', path: `/market-access/${shared.access}` };
    case 'PATCH /market-access/{id}':
      return { method: 'PATCH', path: `/market-access/${await registeredAccess(call, `MATRIX-${SEED}`)}`, body: { version: 1, conditions: { minimumInspectionLevel: 'intensified' } }, headers: key };
    case 'POST /market-access/{id}/withdraw':
      return { method: 'POST', path: `/market-access/${await registeredAccess(call, `MATRIX-${SEED}`)}/withdraw`, body: { reason: 'matrix' }, headers: key };
    case 'POST /designated-sites':
      return { method: 'POST', path: '/designated-sites', body: designatedSiteBody(`MATRIX-NEW-${SEED}-${serial}`), headers: key };
    case 'GET /designated-sites/{id}':
      return { method: 'GET', path: '/designated-sites/CQ-MEAT' };
    case 'PATCH /designated-sites/{id}':
      return { method: 'PATCH', path: `/designated-sites/${await registeredSite(call, `MATRIX-${SEED}`)}`, body: { version: 1, categories: ['logs', 'grain'] }, headers: key };
    case 'POST /designated-sites/{id}/withdraw':
      return { method: 'POST', path: `/designated-sites/${await registeredSite(call, `MATRIX-${SEED}`)}/withdraw`, body: { reason: 'matrix' }, headers: key };
    case 'POST /going-out/risk-assessments':
      return { method: 'POST', path: '/going-out/risk-assessments', body: assessmentBody(), headers: key };
    case 'GET /going-out/risk-assessments/{id}':
      return { method: 'GET', path: `/going-out/risk-assessments/${shared.assessment}` };
    case 'PATCH /going-out/risk-assessments/{id}':
      return { method: 'PATCH', path: `/going-out/risk-assessments/${await recordedAssessment(call)}`, body: { version: 1, risk: 'medium' }, headers: key };
    case 'POST /going-out/risk-assessments/{id}/withdraw':
      return { method: 'POST', path: `/going-out/risk-assessments/${await recordedAssessment(call)}/withdraw`, body: { reason: 'matrix' }, headers: key };
    case 'POST /trade-measures':
      return { method: 'POST', path: '/trade-measures', body: tradeMeasureBody(), headers: key };
    case 'GET /trade-measures/{id}':
      return { method: 'GET', path: `/trade-measures/${shared.tradeMeasure}` };
    case 'PUT /trade-measure-subscription':
      return { method: 'PUT', path: '/trade-measure-subscription', body: { countries: ['KZ'] }, headers: key };
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
    shared.parcels = await fileEcommerceImport(true);
    shared.market = await registerMarket();
    shared.maintenance = await fileRepairImport();
    shared.train = await registerTrain();
    shared.application = await applyForOrigin();
    shared.body = await registerBody();
    shared.permit = await issuePermit();
    shared.certificate = await exportCertificate();
    shared.case = await waitingCase(call, 'CQ', 'SC');
    shared.alert = await publishedAlert(call);
    await call('PUT', '/alert-subscription', IMPORTER, { countries: ['PL'] });
    shared.access = await registeredAccess(call, `MATRIX-${SEED}`);
    shared.assessment = await recordedAssessment(call);
    shared.tradeMeasure = await publishedTradeMeasure(call);
    await call('PUT', '/trade-measure-subscription', IMPORTER, { countries: ['KZ'] });
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
