import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { forbidden, validationProblem } from '#shared/http/api-problem.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { publicTask } from '#shared/lifecycle/tasks/task-view.ts';
import { repos } from '#shared/lifecycle/ports.ts';

/**
 * GET /tasks: a bureau's open tasks, most urgent first. An officer reads its own bureau's queue
 * (`bureau`, if given, must be its own); HQ reads any bureau's queue, read only, and names it:
 * the queues are kept per bureau, so there is no one listing of every open task to page through.
 */
export const route = {
  summary: "List a bureau's open tasks, most urgent first (an officer: its own bureau's; HQ: any bureau's, named by `bureau`, which HQ must give)",
  roles: ['officer', 'hq'],
  query: pageQuerySchema.extend({
    /** Whose queue: an officer's own bureau by default; required for HQ. */
    bureau: bureauCodeSchema.optional(),
  }),
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const { bureau: asked, ...page } = query;
  if (caller.role !== 'hq' && asked !== undefined && asked !== caller.bureau) {
    throw forbidden(`an officer of ${caller.bureau} reads only the tasks of ${caller.bureau}, not of ${asked}`);
  }
  const bureau = asked ?? (caller.role === 'hq' ? undefined : caller.bureau);
  if (bureau === undefined) {
    throw validationProblem([{ field: 'query.bureau', message: '总署须指明直属局 / HQ names the bureau whose open tasks it reads' }]);
  }
  const tasks = await repos().tasks.listOpenByBureau(bureau, page);
  return { status: 200, body: { items: tasks.items.map(publicTask), ...(tasks.nextToken && { nextToken: tasks.nextToken }) } };
});
