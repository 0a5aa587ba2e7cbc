import { z } from 'zod';
import { disposalKindSchema, type Disposal } from '../../domain/lifecycle-records.ts';
import { taskOutcomeSchema } from '../../domain/tasks/task-results.ts';
import type { EventActor } from '../../data/consignment-records.ts';
import { everyPage } from '../../data/pagination.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { notices, repos } from '../ports.ts';
import { noteNonconformity } from '../alerts/nonconformities.ts';
import { finishAnswer } from '../tasks/task-answer.ts';
import { updateConsignment } from './consignment-updates.ts';

/** An answer as the task stores it: an officer's, or one made from a train's results (`source`). */
const storedAnswerSchema = z.looseObject({
  outcome: taskOutcomeSchema,
  details: z.record(z.string(), z.unknown()).optional(),
  disposal: disposalKindSchema.nullable(),
  at: z.string(),
  source: z.record(z.string(), z.unknown()).optional(),
});

/**
 * What follows an answer once its consignment task is closed (`finishAnswer`): the audit event
 * (with the disposal decided) and the nonconformity notice of an officer's failed result, then
 * the waiting workflow resumes. Safe to run again: the outbox relay (`recovering`) does so for an
 * answer a crash or a failure left unfinished, and then writes the audit event only if the log
 * does not have it yet. True when nothing is left to do.
 */
export function followUpConsignmentAnswer(task: PendingTask, actor: EventActor, options: { recovering?: boolean } = {}): Promise<boolean> {
  return finishAnswer(task, async () => {
    const consignmentId = task.consignmentId;
    if (consignmentId === undefined) throw new Error(`task ${task.taskId} has no consignment`);
    const answer = storedAnswerSchema.parse(task.result);
    const eventKey = `${task.taskId}:completed`;
    const logged = options.recovering && (await everyPage((page) => repos().consignments.events(consignmentId, page))).some((e) => e.idempotencyKey === eventKey);
    if (!logged) {
      const consignment = await updateConsignment(consignmentId, () => ({
        event: {
          type: `${task.kind}-completed`,
          actor,
          data: { taskId: task.taskId, outcome: answer.outcome, details: answer.details, disposal: answer.disposal, ...(answer.source && { completedFrom: 'train-results', ...answer.source }) },
          idempotencyKey: eventKey,
        },
        ...(answer.disposal && { set: { disposal: { kind: answer.disposal, decidedIn: task.kind, bureau: task.bureau, at: answer.at } } }),
      }));
      if (answer.outcome === 'fail' && !answer.source) await reportNonconformity(task, consignmentId, consignment.responsibleBureaus, answer.disposal);
    }
    // An alert candidate for HQ (408号 三（七）), also on a recovery: it counts a consignment once.
    if (answer.outcome === 'fail') await noteNonconformity(consignmentId, task, answer.at);
  }, { resumeIfUnrecorded: true });
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
