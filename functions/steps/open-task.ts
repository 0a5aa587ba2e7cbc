import { consignmentTasks } from '#shared/lifecycle/consignments/consignment-tasks.ts';
import { openTask, openTaskRequestSchema } from '#shared/lifecycle/tasks/open-task.ts';
import { trainTasks } from '#shared/lifecycle/trains/train-tasks.ts';
import { recordBusinessEvent } from '#shared/observability/business-metrics.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Callback step: records the task a bureau must complete and notifies (or escalates to) it. */
export const handler = stepHandler(openTaskRequestSchema, async (request) => {
  const outcome = await openTask(request, request.trainId !== undefined ? trainTasks : consignmentTasks);
  if (outcome === 'escalated') recordBusinessEvent('TaskEscalated', { taskKind: request.kind, level: String(request.escalation) });
  return outcome;
});
