import { z } from 'zod';
import type { CallerIdentity } from '../../auth/claims.ts';
import { bureauCodeSchema } from '../../domain/codes.ts';
import type { OriginCertificateApplication } from '../../domain/origin/origin-application.ts';
import { ORIGIN_REVIEW_DECISIONS, type OriginReviewResult } from '../../domain/origin/origin-review.ts';
import { isOriginTaskKind, ORIGIN_TASK_KINDS, TASK_TITLES } from '../../domain/tasks/task-kinds.ts';
import type { TaskAnswerInput } from '../../domain/tasks/task-results.ts';
import { ConflictError } from '../../data/errors.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { notices, repos } from '../ports.ts';
import type { OpeningTask, TaskSubject } from '../tasks/open-task.ts';
import { answeredBy, answerForTask, closeWithAnswer, finishAnswer, type AnsweredBy } from '../tasks/task-answer.ts';

/** What the OriginCertificate workflow receives as the review task's result; it routes on `decision`. */
export type OriginReviewAnswer = OriginReviewResult & AnsweredBy;

/**
 * Tasks whose subject is a certificate-of-origin application: the origin bureau's review. Opening
 * it puts the application under review; the task lives beside the consignment and train tasks
 * (same table, same GET /tasks queue, same POST /tasks/{id}/complete), named
 * `<applicationId>.origin-certificate-review`. Its escalations are in the task and the notices.
 */
export const originReviewTasks: TaskSubject = {
  async open(task) {
    const { applicationId, kind } = task;
    if (applicationId === undefined || !isOriginTaskKind(kind)) throw new Error(`task ${task.taskId} has no application`);
    const application = await underReview(applicationId);
    // The task becomes visible only once the application says it is under review.
    const recorded = await repos().tasks.record({
      taskId: task.taskId,
      taskToken: task.taskToken,
      bureau: task.bureau,
      kind,
      applicationId,
      dueAt: task.dueAt,
      executionArn: task.executionArn,
      stateName: task.stateName,
      escalation: task.escalation,
      input: {
        consignmentId: application.consignmentId,
        form: application.form,
        applicant: application.applicant.enterprise,
        exporter: application.exporter.name,
        importingCountry: application.importingCountry,
        goodsLines: application.goods.length,
      },
    });
    await noticeOfReview(task, recorded);
  },

  // A retry after the notice failed: the bureau must still be told.
  resendNotice: noticeOfReview,
};

/** submitted → under-review, once: a retried step finds it there already. */
async function underReview(applicationId: string): Promise<OriginCertificateApplication> {
  try {
    return await repos().originApplications.change(applicationId, { from: ['submitted'], status: 'under-review' });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await repos().originApplications.get(applicationId);
    if (current.status !== 'under-review') throw new Error(`application ${applicationId} is ${current.status}, not awaiting review`);
    return current;
  }
}

async function noticeOfReview(task: OpeningTask, recorded: PendingTask): Promise<void> {
  await notices().notify([
    {
      bureau: task.bureau,
      kind: `task:${task.kind}`,
      title: TASK_TITLES[task.kind],
      taskId: recorded.taskId,
      data: { dueAt: recorded.dueAt, applicationId: recorded.applicationId, ...recorded.input },
    },
  ]);
  await repos().tasks.markNotified(recorded.taskId);
}

/**
 * The origin bureau officer's decision (`taskToAnswer` found the task open and the caller's):
 * recorded once (a Conflict for a second answer), then followed up (`followUpOriginReviewAnswer`).
 */
export async function completeOriginReviewTask(
  task: PendingTask,
  input: TaskAnswerInput,
  caller: CallerIdentity,
  answerKey?: string,
): Promise<{ task: PendingTask; answer: OriginReviewAnswer }> {
  const { kind: _kind, ...result } = answerForTask(task, input, ORIGIN_TASK_KINDS);
  const answer: OriginReviewAnswer = { ...result, ...answeredBy(task, caller) };
  const closed = await closeWithAnswer(task, caller, { ...answer }, answerKey);
  await followUpOriginReviewAnswer(closed);
  return { task: closed, answer };
}

const storedAnswerSchema = z.object({
  decision: z.enum(ORIGIN_REVIEW_DECISIONS),
  remarks: z.string().optional(),
  reason: z.string().optional(),
  by: z.object({ bureau: bureauCodeSchema, subject: z.string() }),
  at: z.string(),
});

/**
 * What follows the decision once the task is closed: the application records it (approved, or
 * refused with the reason), then the workflow resumes and issues or closes. The steps that follow
 * read the decision from the application, so the workflow resumes only once it is recorded. Safe
 * to run again (the outbox relay does, after a crash): a decision already recorded is left alone.
 */
export function followUpOriginReviewAnswer(task: PendingTask): Promise<boolean> {
  return finishAnswer(task, async () => {
    const applicationId = task.applicationId;
    if (applicationId === undefined) throw new Error(`task ${task.taskId} has no application`);
    const { decision, remarks, reason, by, at } = storedAnswerSchema.parse(task.result);
    const current = await repos().originApplications.get(applicationId);
    if (current.review?.at === at) return;
    await repos().originApplications.change(applicationId, {
      from: ['under-review'],
      status: decision === 'approve' ? 'approved' : 'refused',
      set: { review: { decision, ...(remarks !== undefined && { remarks }), ...(reason !== undefined && { reason }), by, at } },
    });
  }, { resumeIfUnrecorded: false });
}
