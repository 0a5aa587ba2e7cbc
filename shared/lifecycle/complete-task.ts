import type { Disposal } from '../domain/lifecycle-records.ts';
import type { CallerIdentity } from '../auth/claims.ts';
import { mayComplete } from '../domain/access.ts';
import { isConsignmentTaskKind, isTrainTaskKind } from '../domain/tasks/task-kinds.ts';
import { resultProblems, taskResultSchema, type TaskResult } from '../domain/tasks/task-results.ts';
import { ConflictError } from '../data/errors.ts';
import type { PendingTask } from '../data/task-repository.ts';
import { conflict, forbidden, notFound, validationProblem } from '../http/api-problem.ts';
import { parsePart } from '../http/request-parts.ts';
import { notifyBureaus } from '../messaging/bureau-notices.ts';
import { updateConsignment } from './consignment-updates.ts';
import { repos } from './repositories.ts';
import { answerCallback } from './callbacks.ts';
import { completeTrainTask, type TrainTaskAnswer } from './train-tasks.ts';

/** What the workflow receives as the callback task's result. */
export interface TaskAnswer extends TaskResult {
  disposal: Disposal | null;
  by: { bureau: string; subject: string };
  at: string;
}

/**
 * An officer's answer to a task: checked against the task's kind and the consignment, recorded
 * once (a second answer is a 409), written to the consignment's audit trail, then handed to the
 * waiting workflow.
 */
export async function completeTask(taskId: string, caller: CallerIdentity, body: unknown): Promise<{ task: PendingTask; answer: TaskAnswer | TrainTaskAnswer }> {
  const task = await repos().tasks.find(taskId);
  if (!task) throw notFound(`task ${taskId} does not exist`);
  if (!mayComplete(caller, task)) throw forbidden(`only an officer of bureau ${task.bureau} may complete task ${taskId}`);
  if (task.status !== 'open') throw conflict(`task ${taskId} is already ${task.status}`);
  const kind = task.kind;
  // Train quarantine and train radiation belong to a train run (train-run workflow).
  if (task.trainId !== undefined && isTrainTaskKind(kind)) return completeTrainTask({ ...task, trainId: task.trainId }, kind, caller, body);
  const consignmentId = task.consignmentId;
  if (consignmentId === undefined || !isConsignmentTaskKind(kind)) throw new Error(`task ${taskId} has an unknown kind ${task.kind}`);

  const result = parsePart('body', taskResultSchema(kind), body);
  const consignment = await repos().consignments.get(consignmentId);
  const problems = resultProblems(kind, result, consignment);
  if (problems.length > 0) throw validationProblem(problems.map((p) => ({ field: `body.${p.path}`, message: p.message })));

  const at = new Date().toISOString();
  const answer: TaskAnswer = {
    ...result,
    disposal: result.details?.disposal ?? null,
    by: { bureau: task.bureau, subject: caller.subject },
    at,
  };
  let closed: PendingTask;
  try {
    closed = await repos().tasks.close(taskId, { status: 'completed', by: caller.subject, result: { ...answer } });
  } catch (error) {
    if (error instanceof ConflictError) throw conflict(`task ${taskId} was completed by someone else`);
    throw error;
  }

  try {
    await updateConsignment(consignmentId, () => ({
      event: {
        type: `${kind}-completed`,
        actor: { role: 'officer', bureau: task.bureau, subject: caller.subject },
        data: { taskId, outcome: answer.outcome, details: answer.details, disposal: answer.disposal },
        idempotencyKey: `${taskId}:completed`,
      },
      ...(answer.disposal && { set: { disposal: { kind: answer.disposal, decidedIn: kind, bureau: task.bureau, at } } }),
    }));
    if (answer.outcome === 'fail') await reportNonconformity({ ...task, consignmentId }, consignment.responsibleBureaus, answer);
  } finally {
    // The answer is recorded on the task: the workflow goes on even if the audit entry or the
    // notices failed, rather than wait for the deadline.
    await answerCallback(closed.taskToken, answer);
  }
  return { task: closed, answer };
}

/** 不合格信息通报 (408号 三（七）): every bureau involved and HQ learn of a failed result. */
function reportNonconformity(task: PendingTask & { consignmentId: string }, bureaus: readonly string[], answer: TaskAnswer): Promise<void> {
  return notifyBureaus(
    [...new Set([...bureaus, 'HQ'])].map((bureau) => ({
      bureau,
      kind: 'nonconformity',
      title: { zh: '检验检疫不合格通报', en: 'Nonconformity notice' },
      consignmentId: task.consignmentId,
      taskId: task.taskId,
      data: { kind: task.kind, disposal: answer.disposal, reportedBy: answer.by.bureau },
    })),
  );
}
