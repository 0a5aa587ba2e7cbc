import { consignmentTasks } from '#shared/lifecycle/consignments/consignment-tasks.ts';
import { caseTasks } from '#shared/lifecycle/coordination/case-tasks.ts';
import { originReviewTasks } from '#shared/lifecycle/origin/origin-review-tasks.ts';
import { openTask, openTaskRequestSchema, type OpenTaskRequest, type TaskSubject } from '#shared/lifecycle/tasks/open-task.ts';
import { trainTasks } from '#shared/lifecycle/trains/train-tasks.ts';
import { recordBusinessEvent } from '#shared/observability/business-metrics.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** The subject the request names: a train run, a certificate-of-origin application, a coordination case, or a consignment. */
function subjectOf(request: OpenTaskRequest): TaskSubject {
  if (request.trainId !== undefined) return trainTasks;
  if (request.applicationId !== undefined) return originReviewTasks;
  if (request.caseId !== undefined) return caseTasks;
  return consignmentTasks;
}

/** Callback step: records the task a bureau must complete and notifies (or escalates to) it. */
export const handler = stepHandler(openTaskRequestSchema, async (request) => {
  const outcome = await openTask(request, subjectOf(request));
  if (outcome === 'escalated') recordBusinessEvent('TaskEscalated', { taskKind: request.kind, level: String(request.escalation) });
  return outcome;
});
