import { z } from 'zod';
import { TASK_KINDS } from '#shared/domain/tasks/task-kinds.ts';
import { taskAnswerSchema } from '#shared/domain/tasks/task-results.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { parsePart } from '#shared/http/request-parts.ts';
import { completeConsignmentTask } from '#shared/lifecycle/consignments/consignment-tasks.ts';
import { completeCaseTask } from '#shared/lifecycle/coordination/case-tasks.ts';
import { completeOriginReviewTask } from '#shared/lifecycle/origin/origin-review-tasks.ts';
import { answerAgain } from '#shared/lifecycle/outbox.ts';
import { taskToAnswer } from '#shared/lifecycle/tasks/task-answer.ts';
import { publicTask } from '#shared/lifecycle/tasks/task-view.ts';
import { completeTrainTask } from '#shared/lifecycle/trains/train-tasks.ts';
import { recordTaskCompletion } from '#shared/observability/business-metrics.ts';
import { taskCompletion as taskCompletionResponse } from '#shared/http/responses/tasks.ts';

/**
 * POST /tasks/{id}/complete: an officer of the task's bureau answers it. The answer's schema is
 * the task kind's (`taskAnswerSchema`, published as is); `kind` may be left out, and is then the
 * task's, so the answer is parsed once the task is known (still before any write).
 */
export const route = {
  summary: 'Complete a task with its outcome and details',
  roles: ['officer'],
  params: idParamsSchema,
  body: z.object({ kind: z.enum(TASK_KINDS).optional() }).loose(),
  bodyDoc: taskAnswerSchema.describe("The answer to the task, by its kind. `kind` may be left out: it is then the task's own; a `kind` that is not the task's is a 400 naming `body.kind`."),
  idempotent: true,
  response: taskCompletionResponse,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, idempotencyKey }) => {
  const task = await taskToAnswer(params.id, caller, idempotencyKey);
  // This request answered the task before and its answer was lost: the same answer again.
  if (task.status !== 'open') return { status: 200, body: { task: publicTask(task), result: await answerAgain(task) } };
  const answer = parsePart('body', taskAnswerSchema, { ...body, kind: body.kind ?? task.kind });
  const { task: closed, answer: result } =
    task.trainId !== undefined
      ? await completeTrainTask(task, answer, caller, idempotencyKey)
      : task.applicationId !== undefined
        ? await completeOriginReviewTask(task, answer, caller, idempotencyKey)
        : task.caseId !== undefined
          ? await completeCaseTask(task, answer, caller, idempotencyKey)
          : await completeConsignmentTask(task, answer, caller, idempotencyKey);
  recordTaskCompletion(closed);
  return { status: 200, body: { task: publicTask(closed), result } };
});
