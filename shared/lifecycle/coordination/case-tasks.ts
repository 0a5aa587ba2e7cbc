import { z } from 'zod';
import type { CallerIdentity } from '../../auth/claims.ts';
import { bureauCodeSchema } from '../../domain/codes.ts';
import type { CaseOutcome, CoordinationCase } from '../../domain/coordination/case.ts';
import { COORDINATION_TASK_KINDS, isCoordinationTaskKind, TASK_TITLES, taskIdFor } from '../../domain/tasks/task-kinds.ts';
import type { TaskAnswerInput } from '../../domain/tasks/task-results.ts';
import { actorOf } from '../../domain/train.ts';
import { ConflictError } from '../../data/errors.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { Conflict } from '../errors.ts';
import { notices, repos } from '../ports.ts';
import type { OpeningTask, TaskSubject } from '../tasks/open-task.ts';
import { answerForTask, finishAnswer } from '../tasks/task-answer.ts';
import { nowIso } from '../../clock.ts';

/** The task of a case: `<caseId>.coordination-case`, one for the case's whole life, across escalations. */
export const caseTaskId = (caseId: string) => taskIdFor(caseId, 'coordination-case');

/**
 * Tasks whose subject is a coordination case: the addressed bureau's answer. Opening it puts the
 * case in `awaiting-answer` and starts its history's wait; each deadline that passes is an entry
 * of the history too (the protocol in `tasks/` re-arms the task and tells the bureau it reaches).
 * The task lives beside the others (same table, same GET /tasks queue, same POST
 * /tasks/{id}/complete for the addressed bureau).
 */
export const caseTasks: TaskSubject = {
  async open(task) {
    const { caseId, kind } = task;
    if (caseId === undefined || !isCoordinationTaskKind(kind)) throw new Error(`task ${task.taskId} has no coordination case`);
    const c = await awaitingAnswer(caseId, task.dueAt);
    const recorded = await repos().tasks.record({
      taskId: task.taskId,
      taskToken: task.taskToken,
      bureau: task.bureau,
      kind,
      caseId,
      dueAt: task.dueAt,
      executionArn: task.executionArn,
      stateName: task.stateName,
      escalation: task.escalation,
      input: { kind: c.kind, title: c.title, subject: c.subject, openedBy: c.openedBy.bureau, leadBureau: c.leadBureau },
    });
    await repos().cases.recordHistory(caseId, { type: 'awaiting-answer', at: task.enteredAt, notified: task.bureau, dueAt: task.dueAt });
    await noticeOfCase(task, recorded);
  },

  // A retry after the notice failed: the addressed bureau must still be told.
  resendNotice: noticeOfCase,

  async recordEscalation(task, _recorded, notified) {
    const caseId = task.caseId ?? '';
    await repos().cases.recordHistory(caseId, { type: 'escalated', at: task.enteredAt, level: task.escalation, notified, dueAt: task.dueAt });
    try {
      await repos().cases.change(caseId, { from: ['awaiting-answer'], set: { escalation: task.escalation, dueAt: task.dueAt } });
    } catch (error) {
      // Resolved or withdrawn meanwhile: the answer is on its way to the workflow, the case keeps its end.
      if (!(error instanceof ConflictError)) throw error;
    }
  },
};

/** opened → awaiting-answer, once: a retried step finds it there already. */
async function awaitingAnswer(caseId: string, dueAt: string): Promise<CoordinationCase> {
  try {
    return await repos().cases.change(caseId, { from: ['opened'], status: 'awaiting-answer', set: { dueAt } });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await repos().cases.get(caseId);
    if (current.status !== 'awaiting-answer') throw new Error(`case ${caseId} is ${current.status}, not waiting for its answer`);
    return current;
  }
}

async function noticeOfCase(task: OpeningTask, recorded: PendingTask): Promise<void> {
  await notices().notify([
    {
      bureau: task.bureau,
      kind: `task:${task.kind}`,
      title: TASK_TITLES[task.kind],
      taskId: recorded.taskId,
      data: { dueAt: recorded.dueAt, caseId: recorded.caseId, ...recorded.input },
    },
  ]);
  await repos().tasks.markNotified(recorded.taskId);
}

const storedOutcomeSchema = z.object({
  outcome: z.enum(['resolved', 'withdrawn']),
  text: z.string(),
  by: z.object({ bureau: bureauCodeSchema, subject: z.string() }),
  at: z.string(),
  escalation: z.number().int().nonnegative(),
  resolvedAs: z.enum(['addressed', 'lead', 'hq']).optional(),
});

/**
 * Ends the case's task with its outcome (the addressed bureau's answer, the lead bureau's or HQ's
 * decision, or the opener's withdrawal), once: of two callers at the same time, one wins, the
 * other gets a Conflict. Then the outcome is recorded on the case and the workflow resumes.
 */
export async function closeCaseTask(task: PendingTask, caller: CallerIdentity, outcome: CaseOutcome, answerKey?: string): Promise<PendingTask> {
  let closed: PendingTask;
  try {
    closed = await repos().tasks.close(task.taskId, {
      // A withdrawn case's task was not done, it was called off; its workflow still needs the answer.
      status: outcome.outcome === 'resolved' ? 'completed' : 'cancelled',
      by: caller.subject,
      result: { ...outcome },
      ...(answerKey !== undefined && { answerKey }),
    });
  } catch (error) {
    if (error instanceof ConflictError) throw new Conflict(`case ${task.caseId} was ended by someone else meanwhile`);
    throw error;
  }
  await followUpCaseAnswer(closed);
  return closed;
}

/**
 * POST /tasks/{id}/complete on a case's task: the addressed bureau's answer (`taskToAnswer` found
 * the task open and the caller's), as POST /cases/{id}/resolve records it.
 */
export async function completeCaseTask(task: PendingTask, input: TaskAnswerInput, caller: CallerIdentity, answerKey?: string): Promise<{ task: PendingTask; answer: CaseOutcome }> {
  const { resolution } = answerForTask(task, input, COORDINATION_TASK_KINDS);
  const answer: CaseOutcome = { outcome: 'resolved', text: resolution, by: actorOf(caller), at: nowIso(), escalation: task.escalation ?? 0, resolvedAs: 'addressed' };
  const closed = await closeCaseTask(task, caller, answer, answerKey);
  return { task: closed, answer };
}

/**
 * What follows the end of a case's task: its history entry, then the case takes its outcome
 * (resolved or withdrawn), then the workflow resumes and tells the bureaus. The workflow's last
 * step reads the case, so it resumes only once the outcome is recorded. Safe to run again (the
 * outbox relay does, after a crash): what is recorded already is left alone.
 */
export function followUpCaseAnswer(task: PendingTask): Promise<boolean> {
  return finishAnswer(task, async () => {
    const caseId = task.caseId;
    if (caseId === undefined) throw new Error(`task ${task.taskId} has no coordination case`);
    const outcome = storedOutcomeSchema.parse(task.result);
    await repos().cases.recordHistory(caseId, { type: outcome.outcome, at: outcome.at, by: outcome.by, level: outcome.escalation, text: outcome.text });
    const current = await repos().cases.get(caseId);
    if (current.outcome?.at === outcome.at) return;
    await repos().cases.change(caseId, {
      from: ['awaiting-answer'],
      status: outcome.outcome,
      set: { outcome: { ...outcome }, closedAt: outcome.at, escalation: Math.max(current.escalation, outcome.escalation) },
    });
  }, { resumeIfUnrecorded: false });
}
