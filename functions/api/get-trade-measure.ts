import { tradeMeasurePathSchema } from '#shared/domain/trade-measures/trade-measure.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { tradeMeasureNote } from '#shared/http/responses/market-access.ts';
import { tradeMeasureDetail } from '#shared/lifecycle/trade-measures/trade-measures.ts';

/** GET /trade-measures/{id}: one note. */
export const route = {
  summary: 'Read a technical-trade-measure note',
  roles: ['officer', 'declarant', 'hq'],
  params: tradeMeasurePathSchema,
  response: tradeMeasureNote,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await tradeMeasureDetail(params.id, caller) }));
