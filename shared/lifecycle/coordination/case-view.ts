import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { caseListingScope, mayViewCase } from '../../domain/coordination/case-access.ts';
import { caseStatistics } from '../../domain/coordination/case-stats.ts';
import { isClosedCase, stageOf, type CaseStatus, type CoordinationCase } from '../../domain/coordination/case.ts';
import { MAX_CASES_IN_STATS_WINDOW } from '../../domain/limits.ts';
import { bilingual } from '../../domain/text.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import { InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { publicTask } from '../tasks/task-view.ts';
import { caseTaskId } from './case-tasks.ts';
import { nowIso } from '../../clock.ts';

/** A case the caller may read; otherwise 404 or 403, never its contents. */
export async function visibleCase(id: string, caller: CallerIdentity): Promise<CoordinationCase> {
  const found = await repos().cases.find(id);
  if (!found) throw new NotFound(`coordination case ${id} does not exist`);
  if (!mayViewCase(caller, found)) throw new NotAllowed(`case ${id} is between ${found.openedBy.bureau} and ${found.addressedBureau} (group of ${found.leadBureau})`);
  return found;
}

/** A case as listings show it: what it is, where it stands and who has it now; not its text. */
export function caseSummary(c: CoordinationCase) {
  const { description: _description, ...summary } = c;
  return { ...summary, stage: stageOf(c.escalation), open: !isClosedCase(c.status) };
}

/** GET /cases/{id}: the case, its history (each step and whom it reached), its thread and its task. */
export async function caseDetail(id: string, caller: CallerIdentity) {
  const c = await visibleCase(id, caller);
  const [history, messages, task] = await Promise.all([repos().cases.history(id), repos().cases.messages(id), repos().tasks.find(caseTaskId(id))]);
  return { ...c, stage: stageOf(c.escalation), history, messages, ...(task && { task: publicTask(task) }) };
}

export interface CaseListRequest extends PageRequest {
  bureau?: BureauCode;
  status?: CaseStatus;
}

/**
 * GET /cases, newest first: HQ all (or one status, or one bureau's); an officer its bureau's (those
 * it opened, is addressed by or leads the group of). A bureau's listing filtered by status reads
 * one page of the bureau's cases and keeps those in the status: a short page with a `nextToken`
 * means more may follow.
 */
export async function listCases(caller: CallerIdentity, request: CaseListRequest): Promise<Page<ReturnType<typeof caseSummary>>> {
  const { bureau, status, ...page } = request;
  const scope = caseListingScope(caller, bureau);
  if (!scope) throw new NotAllowed(`an officer of ${caller.bureau} lists the cases of ${caller.bureau}, not of ${bureau}`);
  const listing = scope.bureau !== undefined ? { bureau: scope.bureau } : status !== undefined ? { status } : { all: true as const };
  const found = await repos().cases.list(listing, page);
  const items = found.items.filter((c) => status === undefined || c.status === status).map(caseSummary);
  return { items, ...(found.nextToken !== undefined && { nextToken: found.nextToken }) };
}

const DAY_MS = 24 * 3600_000;

/**
 * GET /cases/stats (HQ): the cases opened in a window (the last 365 days by default), counted by
 * kind, status, escalation and who resolved them, with the time to resolution.
 */
export async function caseStats(request: { from?: string; to?: string }) {
  const to = request.to ?? nowIso();
  const from = request.from ?? new Date(Date.parse(to) - 365 * DAY_MS).toISOString();
  if (Date.parse(from) > Date.parse(to)) throw new InvalidInput([{ path: 'from', message: bilingual('起始时间须不晚于截止时间', 'from must not be after to') }], 'query');
  const cases = await repos().cases.openedWithin({ from, to }, MAX_CASES_IN_STATS_WINDOW);
  if (cases.length > MAX_CASES_IN_STATS_WINDOW) {
    throw new InvalidInput([{ path: 'from', message: bilingual(`时间段内协调事项超过 ${MAX_CASES_IN_STATS_WINDOW} 件，请缩短时间段`, `the window holds more than ${MAX_CASES_IN_STATS_WINDOW} cases: narrow it`) }], 'query');
  }
  return caseStatistics(cases, { from, to });
}
