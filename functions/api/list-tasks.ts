import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { publicTask } from '#shared/lifecycle/tasks/task-view.ts';
import { repos } from '#shared/lifecycle/ports.ts';

/** GET /tasks: the caller's bureau's open tasks, most urgent first. */
export const route = {
  summary: "List the open tasks of the caller's bureau",
  roles: ['officer'],
  query: pageQuerySchema,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const page = await repos().tasks.listOpenByBureau(caller.bureau, query);
  return { status: 200, body: { items: page.items.map(publicTask), ...(page.nextToken && { nextToken: page.nextToken }) } };
});
