import type { TokenRequest } from '#local/auth/issuer.ts';
import { BUREAU_CODES } from '#shared/domain/codes.ts';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { containerNumber } from '#test/domain/train-bodies.ts';
import { call, sleep } from './http.ts';

/**
 * What the crash and transient-failure parts share: keyed filings that can be told apart after
 * the fact (each carries its key as a marker in its goods description), officers who answer every
 * open task, and the audit that counts lost, duplicated, stuck and unreviewable consignments.
 */
export interface Api {
  readonly apiUrl: string;
  token(request: TokenRequest): Promise<string>;
}

export const HQ: TokenRequest = { bureau: 'HQ', role: 'hq' };
export const IMPORTER: TokenRequest = { bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
export const EXPORTER: TokenRequest = { bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter };
const officer = (bureau: string): TokenRequest => ({ bureau, role: 'officer' });
const OFFICER_BUREAUS = BUREAU_CODES.filter((b) => b !== 'HQ');
const TERMINAL = new Set(['released', 'rejected']);

/** One keyed filing, and everything that happened to it. */
export interface KeyedFiling {
  key: string;
  who: TokenRequest;
  body: Record<string, unknown>;
  /** Every answer's status (0: lost), in order. */
  answers: number[];
  /** The consignment id a 2xx answer named. */
  id?: string;
  /** Whether some answer was a 2xx. */
  acknowledged: boolean;
  /** The last refusal of a keyed retry (status and problem type), when it never got a 2xx. */
  refused?: string;
}

const MARKER = /\[fk:([^\]]+)\]/;

/** A filing whose goods description carries its key, alternating imports (via XJ to CQ) and exports (ZJ). */
export function keyedFiling(key: string, serial: number): KeyedFiling {
  const container = containerNumber(serial, 'FLTU');
  const body =
    serial % 3 === 2
      ? exportFiling({
          containers: [{ number: container }],
          goods: [goodsLine({ hsCode: '950300', description: `toys [fk:${key}]`, originCountry: 'CN' })],
        })
      : importFiling({
          containers: [{ number: container, sealNumber: `DE-${serial}` }],
          goods: [goodsLine({ description: `portable computers [fk:${key}]` })],
        });
  return { key, who: serial % 3 === 2 ? EXPORTER : IMPORTER, body: body as unknown as Record<string, unknown>, answers: [], acknowledged: false };
}

export async function sendFiling(api: Api, filing: KeyedFiling, timeoutMs?: number): Promise<number> {
  const response = await call<{ id?: string; type?: string }>(api.apiUrl, 'POST', '/consignments', await api.token(filing.who), filing.body, { 'idempotency-key': filing.key }, timeoutMs);
  filing.answers.push(response.status);
  if (response.status >= 200 && response.status < 300) {
    filing.acknowledged = true;
    if (response.body?.id) filing.id = response.body.id;
    delete filing.refused;
  } else if (response.status >= 400 && response.status < 500) {
    filing.refused = `${response.status} ${response.body?.type ?? ''} ${response.text.slice(0, 300)}`;
  }
  return response.status;
}

/**
 * Retries one keyed filing with the same key and body until it gets a final answer: a 2xx, or a
 * 4xx that is not "in progress". A lost answer, a 5xx or a 409 in-progress is retried (a client
 * waits for the request in flight) until `boundMs` has passed.
 */
export async function retryFiling(api: Api, filing: KeyedFiling, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  for (let attempt = 0; ; attempt++) {
    const status = await sendFiling(api, filing);
    const inProgress = status === 409 && (filing.refused ?? '').includes('idempotency-in-progress');
    if ((status >= 200 && status < 300) || (status >= 400 && status < 500 && !inProgress)) return;
    if (Date.now() > deadline) return;
    await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)));
  }
}

interface TaskView {
  id: string;
  consignmentId?: string;
  kind: string;
  bureau: string;
  escalation: number;
}

/** A read that survives transient 5xx and lost answers (the transient-failure part reads through them). */
export async function read<T>(api: Api, path: string, who: TokenRequest, attempts = 8): Promise<{ status: number; body: T | undefined; text: string }> {
  let last: { status: number; body: T | undefined; text: string } = { status: 0, body: undefined, text: '' };
  for (let i = 0; i < attempts; i++) {
    last = await call<T>(api.apiUrl, 'GET', path, await api.token(who));
    if (last.status !== 0 && last.status < 500) return last;
    await sleep(100 * (i + 1));
  }
  return last;
}

/** Every page of a listing. */
export async function readAll<T>(api: Api, path: string, who: TokenRequest): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await read<{ items: T[]; nextToken?: string }>(api, `${path}${sep}limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, who);
    if (page.status !== 200 || !page.body) throw new Error(`GET ${path} answered ${page.status}: ${page.text.slice(0, 300)}`);
    items.push(...page.body.items);
    nextToken = page.body.nextToken;
  } while (nextToken);
  return items;
}

/** The answer an officer gives to a task: a pass, with every container for port checks. */
async function answerFor(api: Api, task: TaskView, containers: Map<string, string[]>): Promise<Record<string, unknown> | undefined> {
  if (task.kind !== 'port-checks') return task.kind.startsWith('train-') ? undefined : { outcome: 'pass' };
  const id = task.consignmentId!;
  let numbers = containers.get(id);
  if (!numbers) {
    const detail = await read<{ containers: Array<{ number: string }> }>(api, `/consignments/${encodeURIComponent(id)}`, officer(task.bureau));
    if (detail.status !== 200 || !detail.body) return undefined;
    numbers = detail.body.containers.map((c) => c.number);
    containers.set(id, numbers);
  }
  return { outcome: 'pass', details: { containers: numbers.map((number) => ({ number, radiation: 'normal', quarantine: 'pass', treatment: 'done' })) } };
}

/** One keyed completion, and its answers (0: lost). */
export interface KeyedCompletion {
  taskId: string;
  bureau: string;
  key: string;
  body: Record<string, unknown>;
  answers: number[];
  /** The problem type of the last 4xx. */
  problem?: string;
}

export async function sendCompletion(api: Api, completion: KeyedCompletion): Promise<number> {
  const response = await call<{ type?: string }>(api.apiUrl, 'POST', `/tasks/${encodeURIComponent(completion.taskId)}/complete`, await api.token(officer(completion.bureau)), completion.body, {
    'idempotency-key': completion.key,
  });
  completion.answers.push(response.status);
  if (response.status >= 400 && response.status < 500) completion.problem = response.body?.type ?? response.text.slice(0, 100);
  return response.status;
}

/** Retries a keyed completion whose answer was lost (or was a 5xx) until a final answer, as `retryFiling` does. */
export async function retryCompletion(api: Api, completion: KeyedCompletion, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  for (let attempt = 0; ; attempt++) {
    const status = await sendCompletion(api, completion);
    const inProgress = status === 409 && (completion.problem ?? '').includes('idempotency-in-progress');
    if ((status >= 200 && status < 300) || (status >= 400 && status < 500 && !inProgress) || Date.now() > deadline) return;
    await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)));
  }
}

/**
 * Officers of every bureau look at their queues once and answer each open task they find, keyed
 * (`onCompletion` sees each completion sent). Returns how many tasks were answered.
 */
export async function answerOpenTasks(api: Api, containers: Map<string, string[]>, options: { bureaus?: readonly string[]; onCompletion?: (c: KeyedCompletion) => void; stop?: () => boolean } = {}): Promise<number> {
  // The bureaus work side by side; each answers its own queue in order.
  const answered = await Promise.all(
    (options.bureaus ?? OFFICER_BUREAUS).map(async (bureau) => {
      let count = 0;
      if (options.stop?.()) return count;
      const page = await call<{ items: TaskView[] }>(api.apiUrl, 'GET', '/tasks?limit=100', await api.token(officer(bureau)));
      if (page.status !== 200 || !page.body) return count;
      for (const task of page.body.items) {
        if (options.stop?.()) break;
        const body = await answerFor(api, task, containers);
        if (!body) continue;
        const completion: KeyedCompletion = { taskId: task.id, bureau, key: `answer-${task.id}-e${task.escalation}`, body, answers: [] };
        options.onCompletion?.(completion);
        const status = await sendCompletion(api, completion);
        if (status >= 200 && status < 300) count++;
      }
      return count;
    }),
  );
  return answered.reduce((a, b) => a + b, 0);
}

export interface ConsignmentRecord {
  id: string;
  status: string;
  executionArn?: string;
  marker?: string;
}

async function record(api: Api, id: string, listedStatus?: string): Promise<ConsignmentRecord | undefined> {
  const detail = await read<{ status: string; executionArn?: string; goods?: Array<{ description?: string }> }>(api, `/consignments/${encodeURIComponent(id)}`, HQ);
  if (detail.status === 404) return undefined;
  const marker = detail.body?.goods?.map((g) => MARKER.exec(g.description ?? '')?.[1]).find((m) => m !== undefined);
  return {
    id,
    status: detail.body?.status ?? listedStatus ?? 'unknown',
    ...(detail.body?.executionArn !== undefined && { executionArn: detail.body.executionArn }),
    ...(marker !== undefined && { marker }),
  };
}

/**
 * Every consignment as HQ sees it, with its key marker and execution, read one by one (the
 * listing only says which exist). An id the listing names twice is a listing fault.
 */
export async function allConsignments(api: Api, listingFaults: string[] = []): Promise<ConsignmentRecord[]> {
  const listed = await readAll<{ id: string; status: string }>(api, '/consignments', HQ);
  const seen = new Map<string, string[]>();
  for (const s of listed) seen.set(s.id, [...(seen.get(s.id) ?? []), s.status]);
  const records: ConsignmentRecord[] = [];
  for (const [id, statuses] of seen) {
    if (statuses.length > 1) listingFaults.push(`${id}: GET /consignments lists it ${statuses.length} times for HQ (as ${statuses.join(', ')})`);
    const found = await record(api, id, statuses[0]);
    if (found) records.push(found);
    else listingFaults.push(`${id}: GET /consignments lists it for HQ, GET /consignments/${id} answers 404`);
  }
  return records;
}

/**
 * Officers answer every open task until every consignment is released or rejected, or `boundMs`
 * passes (the bound is well under the shortest task deadline at the TIME_SCALE used, so a
 * workflow that waits for its deadline to heal it is counted stuck). Whether a consignment is
 * settled is read from the consignment itself, not from the listing. Returns the consignments
 * as they were at the end.
 */
export async function answerUntilSettled(api: Api, boundMs: number, listingFaults: string[] = []): Promise<ConsignmentRecord[]> {
  const deadline = Date.now() + boundMs;
  const containers = new Map<string, string[]>();
  const settled = new Set<string>();
  for (;;) {
    await answerOpenTasks(api, containers);
    const summaries = await readAll<{ id: string; status: string }>(api, '/consignments', HQ);
    for (const c of summaries) {
      if (settled.has(c.id)) continue;
      if (TERMINAL.has(c.status) || TERMINAL.has((await record(api, c.id))?.status ?? '')) settled.add(c.id);
    }
    if (summaries.every((c) => settled.has(c.id)) || Date.now() > deadline) return allConsignments(api, listingFaults);
    await sleep(400);
  }
}

export interface Audit {
  /** HQ's listing wrong: a consignment shown twice, one that exists and is not shown, or one shown that does not exist. */
  listingFaults: string[];
  lost: string[];
  duplicated: string[];
  stuck: string[];
  unreviewable: string[];
  retriesRefused: string[];
}

/** How many of each kind of fault an audit found: what the suite reports, and requires to be 0. */
export function auditCounts(audit: Audit): Record<keyof Audit, number> {
  return {
    lost: audit.lost.length,
    duplicated: audit.duplicated.length,
    stuck: audit.stuck.length,
    unreviewable: audit.unreviewable.length,
    retriesRefused: audit.retriesRefused.length,
    listingFaults: audit.listingFaults.length,
  };
}

/** Counts what went wrong for these filings, from what HQ can see. */
export async function audit(api: Api, filings: readonly KeyedFiling[], consignments: readonly ConsignmentRecord[], listingFaults: string[] = []): Promise<Audit> {
  const all = [...consignments];
  // A filing answered with an id that HQ's listing does not show: read it by id.
  for (const filing of filings) {
    if (filing.id === undefined || all.some((c) => c.id === filing.id)) continue;
    const found = await record(api, filing.id);
    if (found) {
      listingFaults.push(`${filing.id} (${filing.key}): exists, but GET /consignments does not list it for HQ`);
      all.push(found);
    }
  }
  const byMarker = new Map<string, ConsignmentRecord[]>();
  for (const c of all) if (c.marker !== undefined) byMarker.set(c.marker, [...(byMarker.get(c.marker) ?? []), c]);
  const result: Audit = { listingFaults, lost: [], duplicated: [], stuck: [], unreviewable: [], retriesRefused: [] };
  for (const filing of filings) {
    const found = byMarker.get(filing.key) ?? [];
    if (filing.acknowledged && (found.length === 0 || (filing.id !== undefined && !found.some((c) => c.id === filing.id)))) {
      result.lost.push(`${filing.key}: answered ${filing.answers.join(' → ')}${filing.id ? ` with id ${filing.id}` : ''}, but ${found.length === 0 ? 'no consignment carries it' : `only ${found.map((c) => c.id).join(', ')} carry it`}`);
    }
    if (found.length > 1) result.duplicated.push(`${filing.key}: ${found.length} consignments ${found.map((c) => c.id).join(', ')} (answers ${filing.answers.join(' → ')})`);
    if (!filing.acknowledged && filing.answers.length > 0 && (filing.answers[0] === 0 || filing.answers[0]! >= 500)) {
      result.retriesRefused.push(`${filing.key}: answer lost, keyed retries answered ${filing.answers.slice(1).join(' → ') || 'nothing'}; last: ${filing.refused ?? '-'}${found.length ? ` (the consignment exists: ${found.map((c) => `${c.id} ${c.status}`).join(', ')})` : ''}`);
    }
  }
  const executions = await readAll<{ executionArn: string; consignmentId?: string }>(api, '/executions', HQ);
  const listed = new Set(executions.map((e) => e.executionArn));
  const listedConsignments = new Set(executions.map((e) => e.consignmentId).filter((id) => id !== undefined));
  for (const c of all) {
    if (!TERMINAL.has(c.status)) result.stuck.push(`${c.id} (${c.marker ?? 'no key'}): ${c.status}`);
    const reviewable = c.executionArn !== undefined ? listed.has(c.executionArn) : listedConsignments.has(c.id);
    if (!reviewable) result.unreviewable.push(`${c.id} (${c.marker ?? 'no key'}): execution ${c.executionArn ?? '(none)'} is not listed by GET /executions for HQ`);
  }
  return result;
}
