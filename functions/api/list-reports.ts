import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listReports } from '#shared/lifecycle/coordination/reports.ts';
import { reportPage as reportPageResponse } from '#shared/http/responses/coordination.ts';

/** GET /reports: newest first; HQ all (or one bureau's), an officer its bureau's. */
export const route = {
  summary: "List reports to HQ: HQ all or a bureau's, an officer its own bureau's",
  roles: ['officer', 'hq'],
  query: pageQuerySchema.extend({ bureau: bureauCodeSchema.optional() }),
  response: reportPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listReports(caller, query) }));
