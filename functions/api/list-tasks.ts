import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { openTasksOf } from '#shared/lifecycle/tasks/task-queue.ts';
import { taskPage as taskPageResponse } from '#shared/http/responses/tasks.ts';

/** GET /tasks: a bureau's open tasks, most urgent first (`openTasksOf`). */
export const route = {
  summary: "List a bureau's open tasks, most urgent first (an officer: its own bureau's; HQ: any bureau's, named by `bureau`, which HQ must give)",
  roles: ['officer', 'hq'],
  query: pageQuerySchema.extend({
    /** Whose queue: an officer's own bureau by default; required for HQ. */
    bureau: bureauCodeSchema.optional(),
  }),
  response: taskPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const { bureau, ...page } = query;
  return { status: 200, body: await openTasksOf(caller, bureau, page) };
});
