import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { trainDetail } from '#shared/lifecycle/trains/train-view.ts';
import { trainDetail as trainDetailResponse } from '#shared/http/responses/trains.ts';

/** GET /trains/{id}: the run, its schedules and train tasks, its consignments and their statuses. */
export const route = {
  summary: 'Read a train run with its consignments and their statuses',
  roles: ['officer', 'hq'],
  params: idParamsSchema,
  response: trainDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await trainDetail(params.id, caller) }));
