import { alertPathSchema } from '#shared/domain/alerts/alert.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { alertDetail } from '#shared/lifecycle/alerts/alert-view.ts';
import { alertDetail as alertDetailResponse } from '#shared/http/responses/alerts.ts';

/** GET /alerts/{id}: one alert; HQ also gets its audit history (who published, approved, changed it, and when). */
export const route = {
  summary: 'Read an alert; HQ also gets its audit history',
  roles: ['officer', 'declarant', 'hq'],
  params: alertPathSchema,
  response: alertDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await alertDetail(params.id, caller) }));
