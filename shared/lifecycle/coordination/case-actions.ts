import type { CallerIdentity } from '../../auth/claims.ts';
import { mayWithdrawCase, resolvingCapacity } from '../../domain/coordination/case-access.ts';
import { bureausToTell, isClosedCase, type CaseMessage, type CaseOutcome, type CoordinationCase } from '../../domain/coordination/case.ts';
import { MAX_MESSAGES_PER_CASE } from '../../domain/limits.ts';
import { actorOf } from '../../domain/train.ts';
import { ConflictError } from '../../data/errors.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { Conflict, NotAllowed } from '../errors.ts';
import { notices, repos } from '../ports.ts';
import { caseTaskId, closeCaseTask, followUpCaseAnswer } from './case-tasks.ts';
import { visibleCase } from './case-view.ts';
import { nowIso } from '../../clock.ts';

/**
 * The task a resolution or withdrawal ends, or, when this very request (same caller, same
 * Idempotency-Key) ended it before and its answer was lost, `replayed`.
 */
async function taskToEnd(c: CoordinationCase, caller: CallerIdentity, answerKey?: string): Promise<{ task: PendingTask } | { replayed: PendingTask }> {
  const task = await repos().tasks.find(caseTaskId(c.id));
  if (task && task.status !== 'open' && answerKey !== undefined && task.answerKey === answerKey && task.closedBy === caller.subject) return { replayed: task };
  if (isClosedCase(c.status)) throw new Conflict(`case ${c.id} is already ${c.status}`);
  // Stored, but its workflow has not opened the addressed bureau's task yet: a moment later it has.
  if (!task || c.status === 'opened') throw new Conflict(`case ${c.id} is being opened: its workflow does not wait for an answer yet; try again in a moment`);
  if (task.status !== 'open') throw new Conflict(`case ${c.id} was ended meanwhile`);
  return { task };
}

/**
 * POST /cases/{id}/resolve: the addressed bureau answers; once the case has escalated, the lead
 * bureau or HQ decides it ("completing it from the lead bureau ends the escalation"). The case
 * ends resolved, and its workflow tells the bureaus.
 */
export async function resolveCase(id: string, resolution: string, caller: CallerIdentity, answerKey?: string): Promise<CoordinationCase> {
  const c = await visibleCase(id, caller);
  const found = await taskToEnd(c, caller, answerKey);
  if ('replayed' in found) return replay(found.replayed);
  const escalation = Math.max(c.escalation, found.task.escalation ?? 0);
  const capacity = resolvingCapacity(caller, { ...c, escalation });
  if ('refused' in capacity) throw new NotAllowed(capacity.refused);
  const outcome: CaseOutcome = { outcome: 'resolved', text: resolution, by: actorOf(caller), at: nowIso(), escalation, resolvedAs: capacity.as };
  await closeCaseTask(found.task, caller, outcome, answerKey);
  return repos().cases.get(id);
}

/** POST /cases/{id}/withdraw: the opener calls the case off, saying why; its workflow tells the bureaus. */
export async function withdrawCase(id: string, reason: string, caller: CallerIdentity, answerKey?: string): Promise<CoordinationCase> {
  const c = await visibleCase(id, caller);
  if (!mayWithdrawCase(caller, c)) throw new NotAllowed(`only ${c.openedBy.bureau}, which opened case ${id}, withdraws it`);
  const found = await taskToEnd(c, caller, answerKey);
  if ('replayed' in found) return replay(found.replayed);
  const escalation = Math.max(c.escalation, found.task.escalation ?? 0);
  await closeCaseTask(found.task, caller, { outcome: 'withdrawn', text: reason, by: actorOf(caller), at: nowIso(), escalation }, answerKey);
  return repos().cases.get(id);
}

/** A retried request whose first answer was lost: the outcome delivered if a crash kept it back, the case as it is. */
async function replay(task: PendingTask): Promise<CoordinationCase> {
  if (task.deliveredAt === undefined) await followUpCaseAnswer(task);
  return repos().cases.get(task.caseId ?? '');
}

/**
 * POST /cases/{id}/messages: the thread between the parties, the lead bureau and HQ, while the
 * case is open. The other bureaus concerned are told (HQ once the case has reached it).
 */
export async function postCaseMessage(id: string, text: string, caller: CallerIdentity): Promise<CaseMessage> {
  const c = await visibleCase(id, caller);
  if (isClosedCase(c.status)) throw new Conflict(`case ${id} is ${c.status}: its thread is closed`);
  let message: CaseMessage;
  try {
    message = await repos().cases.addMessage(id, { text, by: actorOf(caller), at: nowIso() }, { openStatuses: ['opened', 'awaiting-answer'], maxMessages: MAX_MESSAGES_PER_CASE });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await repos().cases.get(id);
    throw new Conflict(
      isClosedCase(current.status)
        ? `case ${id} is ${current.status}: its thread is closed`
        : `case ${id} holds ${MAX_MESSAGES_PER_CASE} messages, as many as a case takes; raise what remains in a new case or a meeting`,
    );
  }
  const told = bureausToTell(c, caller.bureau);
  if (told.length > 0) {
    await notices().notify(
      told.map((bureau) => ({
        bureau,
        kind: 'case-message',
        title: { zh: `协调事项新留言：${c.title}`, en: `New message on case: ${c.title}` },
        data: { caseId: id, sequence: message.sequence, from: caller.bureau },
      })),
    );
  }
  return message;
}
