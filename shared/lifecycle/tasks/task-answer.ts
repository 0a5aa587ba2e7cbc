import type { CallerIdentity } from '../../auth/claims.ts';
import { mayComplete } from '../../domain/access.ts';
import type { TaskKind } from '../../domain/tasks/task-kinds.ts';
import { ConflictError } from '../../data/errors.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { currentLogger } from '../../observability/logger.ts';
import { repos, workflows } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/** Who answered and when: part of every answer a workflow receives. */
export interface AnsweredBy {
  by: { bureau: PendingTask['bureau']; subject: string };
  at: string;
}

/**
 * The task an officer is about to answer: it exists, belongs to the caller's bureau, and is open.
 * Or it was answered by this very request before (the same caller and Idempotency-Key), whose
 * answer was lost: then the task comes back answered, for the caller to replay.
 */
export async function taskToAnswer(taskId: string, caller: CallerIdentity, answerKey?: string): Promise<PendingTask> {
  const task = await repos().tasks.find(taskId);
  if (!task) throw new NotFound(`task ${taskId} does not exist`);
  if (!mayComplete(caller, task)) throw new NotAllowed(`only an officer of bureau ${task.bureau} may complete task ${taskId}`);
  const retried = answerKey !== undefined && task.answerKey === answerKey && task.closedBy === caller.subject;
  if (task.status !== 'open' && !retried) throw new Conflict(`task ${taskId} is already ${task.status}`);
  return task;
}

/**
 * The answer, once it is known to be for this task's kind (one of `kinds`, those of the subject
 * answering): an answer meant for another kind of task is refused by field.
 */
export function answerForTask<A extends { kind: TaskKind }, K extends A['kind']>(task: PendingTask, answer: A, kinds: readonly K[]): Extract<A, { kind: K }> {
  if (answer.kind !== task.kind || !(kinds as readonly TaskKind[]).includes(answer.kind)) {
    throw new InvalidInput([{ path: 'kind', message: `task ${task.taskId} is a ${task.kind} task, not ${answer.kind}` }]);
  }
  return answer as Extract<A, { kind: K }>;
}

/**
 * Closes the task with its answer, once: of two officers answering at the same time, one wins.
 * From here the answer is in the outbox until `deliverAnswer` hands it to the workflow.
 */
export async function closeWithAnswer(task: PendingTask, caller: CallerIdentity, answer: Record<string, unknown>, answerKey?: string): Promise<PendingTask> {
  try {
    return await repos().tasks.close(task.taskId, { status: 'completed', by: caller.subject, result: answer, ...(answerKey !== undefined && { answerKey }) });
  } catch (error) {
    if (error instanceof ConflictError) throw new Conflict(`task ${task.taskId} was completed by someone else`);
    throw error;
  }
}

export const answeredBy = (task: PendingTask, caller: CallerIdentity): AnsweredBy => ({
  by: { bureau: task.bureau, subject: caller.subject },
  at: nowIso(),
});

/**
 * What follows an answer once its task is closed (`work`: the subject's records and notices),
 * then the answer goes to the workflow waiting on it. Only when both are done does the task leave
 * the outbox; otherwise the relay runs the follow-up again later. With `resumeIfUnrecorded` the
 * workflow gets the answer even when `work` failed (the answer stands, and the workflow must not
 * wait for the deadline for an audit entry); without it, what the workflow does next needs what
 * `work` records. A token that is no longer waited on (its deadline passed) counts as delivered:
 * the state was re-entered with a new token, and `openTask` passes the recorded answer to that
 * one. True when nothing is left to do.
 */
export async function finishAnswer(task: PendingTask, work: () => Promise<void>, options: { resumeIfUnrecorded: boolean }): Promise<boolean> {
  let recorded = true;
  try {
    await work();
  } catch (error) {
    recorded = false;
    currentLogger().warn('the follow-up of an answer failed; the outbox relay will finish it', { taskId: task.taskId, error: error as Error });
  }
  if (task.result !== undefined && (recorded || options.resumeIfUnrecorded)) await workflows().answer(task.taskToken, task.result);
  if (recorded) await repos().tasks.markDelivered(task.taskId);
  return recorded;
}
