import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { completeTask } from '#shared/lifecycle/complete-task.ts';
import { publicTask } from '#shared/lifecycle/consignment-view.ts';

/**
 * POST /tasks/{id}/complete: an officer of the task's bureau answers it. The body's schema
 * depends on the task's kind, so it is checked once the task is known (still before any write).
 */
export const route = {
  summary: 'Complete a task with its outcome and details',
  roles: ['officer'],
  params: idParamsSchema,
  body: z.unknown(),
  idempotent: true,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const { task, answer } = await completeTask(params.id, caller, body);
  return { status: 200, body: { task: publicTask(task), result: answer } };
});
