import { z } from 'zod';
import { portCodeSchema } from '#shared/domain/codes.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listTrains } from '#shared/lifecycle/trains/train-view.ts';
import { trainPage as trainPageResponse } from '#shared/http/responses/trains.ts';

/** GET /trains?date=&port=: train runs due at the border on a day (Beijing time), or at a port. */
export const route = {
  summary: 'List train runs by border-crossing day (Beijing time) and port',
  roles: ['officer', 'hq'],
  query: pageQuerySchema.extend({
    date: z.iso.date({ error: '日期格式为 YYYY-MM-DD / date must be YYYY-MM-DD' }).optional(),
    port: portCodeSchema.optional(),
  }),
  response: trainPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listTrains(query, caller) }));
