import type { CallerIdentity } from '../auth/claims.ts';
import { executionNameOf, isExecutionArn, stateMachineOf, workflowOf } from '../orchestration/execution-arn.ts';
import type { ExecutionQuery, ExecutionRef, ExecutionStatus } from '../data/execution-index-repository.ts';
import { DEFAULT_PAGE_SIZE, type Page } from '../data/pagination.ts';
import { listingScope } from '../domain/access.ts';
import { visibleConsignment } from '../lifecycle/consignments/consignment-view.ts';
import { executionWithHistory, shown } from './execution-history.ts';
import { repos, workflows } from '../lifecycle/ports.ts';
import { auditTrail } from './audit-trail.ts';
import { statusRead, summaryOf, withStatus, type ExecutionSummary } from './execution-status.ts';
import { buildTimeline, type Timeline } from './timeline.ts';
import { workflowShape, type WorkflowShape } from './workflow-definition.ts';
import { NotAllowed, NotFound } from '../lifecycle/errors.ts';
import { nowIso } from '../clock.ts';

export interface ExecutionListRequest extends ExecutionQuery {
  status?: ExecutionStatus;
  limit?: number;
  nextToken?: string;
}

/** A status-filtered page reads on through at most this many index entries before it answers. */
const MAX_EXAMINED_PER_PAGE = 500;

/**
 * Who sees which executions: HQ all; an officer those that involve the officer's bureau (asking
 * for another bureau is a 403); a declarant only the executions of one of its enterprise's
 * consignments, so it must name the consignment.
 */
async function scoped(caller: CallerIdentity, query: ExecutionQuery): Promise<ExecutionQuery> {
  if (caller.role === 'declarant') {
    // The index knows bureaus, not enterprises: the consignment named is the declarant's scope.
    if (query.consignmentId === undefined) throw new NotAllowed('a declarant reviews the executions of its own consignments: name one with ?consignment=');
    await visibleConsignment(query.consignmentId, caller);
    return query;
  }
  const scope = listingScope(caller, query.bureau);
  if (!scope) throw new NotAllowed(`bureau ${caller.bureau} may review only executions that involve it`);
  return { ...query, ...scope };
}

/**
 * GET /executions: newest first. Without a status filter one index page is one answer page. With
 * one, each index entry's live status decides, so the listing reads on (up to 500 entries) to fill
 * the page; a short or empty page with a `nextToken` means "more may match further on".
 */
export async function listExecutions(caller: CallerIdentity, request: ExecutionListRequest): Promise<Page<ExecutionSummary>> {
  const { status, limit = DEFAULT_PAGE_SIZE, nextToken, ...filters } = request;
  const query = await scoped(caller, filters);
  const items: ExecutionSummary[] = [];
  let token = nextToken;
  let examined = 0;
  do {
    const page = await repos().executions.list(query, { limit: status === undefined ? limit : limit - items.length, ...(token && { nextToken: token }) });
    examined += page.items.length;
    const summaries = await withStatus(page.items);
    items.push(...(status === undefined ? summaries : summaries.filter((s) => s.status === status)));
    token = page.nextToken;
  } while (status !== undefined && token && items.length < limit && examined < MAX_EXAMINED_PER_PAGE);
  return { items, ...(token && { nextToken: token }) };
}

function mayReview(caller: CallerIdentity, ref: Pick<ExecutionRef, 'bureaus'>): boolean {
  if (caller.role === 'hq') return true;
  if (caller.role === 'officer') return (ref.bureaus as readonly string[]).includes(caller.bureau);
  return false;
}

const reviewableStateMachines = () =>
  new Set(Object.entries(process.env).filter(([name, value]) => name.endsWith('_STATE_MACHINE_ARN') && value).map(([, value]) => value));

/** What GET /executions/{id} reviews: an index record, or (HQ only) an execution not in the index, which has no start time yet. */
type Resolved = { indexed: true; ref: ExecutionRef } | { indexed: false; ref: Omit<ExecutionRef, 'startedAt'> };

/** A name or `arn:…:execution:<machine>:<name>` → the index record; HQ may also read one not in the index. */
async function resolve(id: string, caller: CallerIdentity): Promise<Resolved> {
  const isArn = id.startsWith('arn:');
  const name = isArn ? executionNameOf(id) : id;
  const ref = await repos().executions.find(name);
  if (ref && (!isArn || ref.executionArn === id)) return { indexed: true, ref };
  if (caller.role === 'hq' && isExecutionArn(id)) {
    const stateMachine = stateMachineOf(id);
    // Only the workflows this function may read (their ARNs are in its environment, one per grant).
    if (reviewableStateMachines().has(stateMachine)) return { indexed: false, ref: { executionArn: id, name, stateMachine, workflow: workflowOf(stateMachine), bureaus: [] } };
  }
  throw new NotFound(`execution ${id} is not in the review index`);
}

export interface ExecutionReview {
  execution: ExecutionSummary & { stateMachineArn: string };
  history: { events: unknown[] };
  timeline: Timeline;
  /** The workflow's states and transitions, from the ASL the execution runs (workflow-definition.ts). */
  definition?: WorkflowShape;
}

/**
 * GET /executions/{id}: the execution, its whole AWS-shaped history and the readable timeline.
 * `id` is the execution name (a consignment's is its id) or the execution ARN.
 */
export async function reviewExecution(id: string, caller: CallerIdentity): Promise<ExecutionReview> {
  const resolved = await resolve(id, caller);
  const { ref } = resolved;
  if (caller.role === 'declarant') {
    if (ref.consignmentId === undefined) throw new NotAllowed('a declarant reviews the executions of its own consignments only');
    await visibleConsignment(ref.consignmentId, caller);
  } else if (!mayReview(caller, ref)) {
    throw new NotAllowed(`execution ${ref.name} does not involve bureau ${caller.bureau}`);
  }
  const [history, audit, definition] = await Promise.all([
    executionWithHistory(ref.executionArn),
    ref.consignmentId !== undefined ? auditTrail(ref.consignmentId) : Promise.resolve([]),
    workflows().definition?.(ref.executionArn).then(workflowShape),
  ]);
  // Step Functions always gives a start date; the index's is the same instant.
  const execution: ExecutionRef = resolved.indexed ? resolved.ref : { ...resolved.ref, startedAt: history.startDate?.toISOString() ?? '' };
  const { status, stoppedAt } = await statusRead(history, resolved.indexed ? resolved.ref : undefined);
  return {
    execution: { ...summaryOf(execution, status, stoppedAt), stateMachineArn: history.stateMachineArn ?? ref.stateMachine },
    // As GET /consignments/{id}/history: inputs and outputs hold every bureau's results, so only
    // HQ reads them; the timeline, built from them here, says what a reviewer needs.
    history: { events: caller.role === 'hq' ? history.events : history.events.map((e) => shown(e, false)) },
    timeline: buildTimeline(
      history.events.map((e) => ({ ...e, id: e.id ?? 0, type: e.type ?? '', timestamp: e.timestamp ?? 0 })),
      { auditEvents: audit, now: nowIso() },
    ),
    ...(definition && { definition }),
  };
}
