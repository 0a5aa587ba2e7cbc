import { z } from 'zod';
import { alertKindSchema, alertStatusSchema } from '#shared/domain/alerts/alert.ts';
import { countryCodeSchema } from '#shared/domain/validators/country.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listAlerts } from '#shared/lifecycle/alerts/alert-view.ts';
import { alertPage as alertPageResponse } from '#shared/http/responses/alerts.ts';

/** GET /alerts?active=&status=&kind=&country=: every caller reads the alerts in force (declarants must know the measures). */
export const route = {
  summary: 'List alerts: in force (active=true, soonest to end first) or all, newest first, by status, kind and country',
  roles: ['officer', 'declarant', 'hq'],
  query: pageQuerySchema.extend({
    active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    status: alertStatusSchema.optional(),
    kind: alertKindSchema.optional(),
    country: countryCodeSchema.optional(),
  }),
  response: alertPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listAlerts(query, caller) }));
