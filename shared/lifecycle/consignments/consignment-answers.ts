import { z } from 'zod';
import { disposalKindSchema, type Disposal } from '../../domain/lifecycle-records.ts';
import { taskOutcomeSchema } from '../../domain/tasks/task-results.ts';
import type { CallerIdentity } from '../../auth/claims.ts';
import type { Consignment } from '../../domain/consignment.ts';
import type { ConsignmentChange, EventActor } from '../../data/consignment-records.ts';
import { ConflictError } from '../../data/errors.ts';
import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import { everyPage } from '../../data/pagination.ts';
import type { PendingTask, TaskOutcome } from '../../data/task-repository.ts';
import { currentLogger } from '../../observability/logger.ts';
import { Conflict } from '../errors.ts';
import { notices, repos } from '../ports.ts';
import { noteNonconformity } from '../alerts/nonconformities.ts';
import { closeWithAnswer, finishAnswer } from '../tasks/task-answer.ts';
import { updateConsignment } from './consignment-updates.ts';

const MAX_ATTEMPTS = 5;

/** An answer as the task stores it: an officer's, or one made from a train's results (`source`). */
const storedAnswerSchema = z.looseObject({
  outcome: taskOutcomeSchema,
  details: z.record(z.string(), z.unknown()).optional(),
  disposal: disposalKindSchema.nullable(),
  at: z.string(),
  source: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Closes a consignment task with an officer's answer and records the answer on the consignment
 * (the audit event, the disposal decided) in ONE transaction: a consignment never shows an answer
 * whose task is still open, nor a closed task whose answer is missing from its audit trail. Of two
 * officers answering at once one wins, the other gets a Conflict (the task's `status = open`
 * guard); a consignment a step changed meanwhile (its version guard) is re-read and the
 * transaction made again. A consignment that keeps changing under it (a deadline passing every few
 * milliseconds, locally at a high TIME_SCALE) must not turn the answer into a 409: after
 * `MAX_ATTEMPTS` the task closes alone, as before transactions, and its follow-up records the
 * answer (`consignment` is then undefined).
 */
export async function closeWithRecordedAnswer(
  task: PendingTask,
  caller: CallerIdentity,
  answer: Record<string, unknown>,
  answerKey?: string,
): Promise<{ task: PendingTask; consignment?: Consignment }> {
  const consignmentId = consignmentOf(task);
  const actor: EventActor = { role: 'officer', bureau: task.bureau, subject: caller.subject };
  const change = answerChange(task, storedAnswerSchema.parse(answer), actor);
  const outcome: TaskOutcome = { status: 'completed', by: caller.subject, result: answer, ...(answerKey !== undefined && { answerKey }) };
  let consignment: Consignment;
  try {
    consignment = await retryOnConflict(async () => {
      try {
        return await repos().consignments.changeWith(consignmentId, change, repos().tasks.closing(task.taskId, outcome));
      } catch (error) {
        // Only a lost race on the consignment is worth another attempt; the task's is final.
        if (error instanceof ConflictError && error.details.entity === 'task') throw new Conflict(`task ${task.taskId} was completed by someone else`);
        throw error;
      }
    }, MAX_ATTEMPTS);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    currentLogger().warn('the consignment kept changing under an answer; its task closes alone and the follow-up records it', { taskId: task.taskId });
    return { task: await closeWithAnswer(task, caller, answer, answerKey) };
  }
  return { task: await repos().tasks.get(task.taskId), consignment };
}

/**
 * What follows an answer once its consignment task is closed (`finishAnswer`): the audit event
 * (with the disposal decided) and the nonconformity notice of an officer's failed result, then
 * the waiting workflow resumes. `recorded`: the consignment as the transaction that closed the
 * task left it, the audit event already in it (`closeWithRecordedAnswer`). Safe to run again: the
 * outbox relay (`recovering`) does so for an answer a crash or a failure left unfinished, and then
 * writes the audit event only if the log does not have it yet. True when nothing is left to do.
 */
export function followUpConsignmentAnswer(task: PendingTask, actor: EventActor, options: { recovering?: boolean; recorded?: Consignment } = {}): Promise<boolean> {
  return finishAnswer(task, async () => {
    const consignmentId = consignmentOf(task);
    const answer = storedAnswerSchema.parse(task.result);
    const eventKey = `${task.taskId}:completed`;
    const logged = options.recovering && (await everyPage((page) => repos().consignments.events(consignmentId, page))).some((e) => e.idempotencyKey === eventKey);
    if (!logged) {
      const consignment = options.recorded ?? (await updateConsignment(consignmentId, () => answerChange(task, answer, actor)));
      if (answer.outcome === 'fail' && !answer.source) await reportNonconformity(task, consignmentId, consignment.responsibleBureaus, answer.disposal);
    }
    // An alert candidate for HQ (408号 三（七）), also on a recovery: it counts a consignment once.
    if (answer.outcome === 'fail') await noteNonconformity(consignmentId, task, answer.at);
  }, { resumeIfUnrecorded: true });
}

type StoredAnswer = z.infer<typeof storedAnswerSchema>;

/** What an answer adds to its consignment: the `<kind>-completed` audit event, and the disposal decided. */
function answerChange(task: PendingTask, answer: StoredAnswer, actor: EventActor): Omit<ConsignmentChange, 'expectedVersion'> {
  return {
    event: {
      type: `${task.kind}-completed`,
      actor,
      data: { taskId: task.taskId, outcome: answer.outcome, details: answer.details, disposal: answer.disposal, ...(answer.source && { completedFrom: 'train-results', ...answer.source }) },
      idempotencyKey: `${task.taskId}:completed`,
    },
    ...(answer.disposal && { set: { disposal: { kind: answer.disposal, decidedIn: task.kind, bureau: task.bureau, at: answer.at } } }),
  };
}

function consignmentOf(task: PendingTask): string {
  if (task.consignmentId === undefined) throw new Error(`task ${task.taskId} has no consignment`);
  return task.consignmentId;
}

/** 不合格信息通报 (408号 三（七）): every bureau involved and HQ learn of a failed result. */
function reportNonconformity(task: PendingTask, consignmentId: string, bureaus: readonly string[], disposal: Disposal | null): Promise<void> {
  return notices().notify(
    [...new Set([...bureaus, 'HQ'])].map((bureau) => ({
      bureau,
      kind: 'nonconformity',
      title: { zh: '检验检疫不合格通报', en: 'Nonconformity notice' },
      consignmentId,
      taskId: task.taskId,
      data: { kind: task.kind, disposal, reportedBy: task.bureau },
    })),
  );
}
