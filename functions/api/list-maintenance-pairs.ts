import { z } from 'zod';
import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { MAINTENANCE_STATUSES } from '#shared/domain/maintenance/maintenance-pair.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { maintenancePairs } from '#shared/http/responses/maintenance.ts';
import { listMaintenancePairs } from '#shared/lifecycle/maintenance/maintenance-pairs.ts';

/** GET /maintenance: global-maintenance pairs by deadline: a bureau's, or (HQ) every pair still in China; `status=overdue` for the escalated. */
export const route = {
  summary: 'Global-maintenance pairs by re-export deadline; status=overdue lists the escalated',
  roles: ['officer', 'hq'],
  query: pageQuerySchema.extend({ bureau: bureauCodeSchema.optional(), status: z.enum(MAINTENANCE_STATUSES).optional() }),
  response: maintenancePairs,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const { limit, nextToken, ...filters } = query;
  return { status: 200, body: await listMaintenancePairs(filters, caller, { ...(limit !== undefined && { limit }), ...(nextToken !== undefined && { nextToken }) }) };
});
