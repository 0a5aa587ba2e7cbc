import type { CallerIdentity } from '../../auth/claims.ts';
import { mayComplete } from '../../domain/access.ts';
import type { TaskKind } from '../../domain/tasks/task-kinds.ts';
import { ConflictError } from '../../data/errors.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';

/** Who answered and when: part of every answer a workflow receives. */
export interface AnsweredBy {
  by: { bureau: PendingTask['bureau']; subject: string };
  at: string;
}

/** The task an officer is about to answer: it exists, belongs to the caller's bureau, and is open. */
export async function taskToAnswer(taskId: string, caller: CallerIdentity): Promise<PendingTask> {
  const task = await repos().tasks.find(taskId);
  if (!task) throw new NotFound(`task ${taskId} does not exist`);
  if (!mayComplete(caller, task)) throw new NotAllowed(`only an officer of bureau ${task.bureau} may complete task ${taskId}`);
  if (task.status !== 'open') throw new Conflict(`task ${taskId} is already ${task.status}`);
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

/** Closes the task with its answer, once: of two officers answering at the same time, one wins. */
export async function closeWithAnswer(task: PendingTask, caller: CallerIdentity, answer: Record<string, unknown>): Promise<PendingTask> {
  try {
    return await repos().tasks.close(task.taskId, { status: 'completed', by: caller.subject, result: answer });
  } catch (error) {
    if (error instanceof ConflictError) throw new Conflict(`task ${task.taskId} was completed by someone else`);
    throw error;
  }
}

export const answeredBy = (task: PendingTask, caller: CallerIdentity): AnsweredBy => ({
  by: { bureau: task.bureau, subject: caller.subject },
  at: new Date().toISOString(),
});
