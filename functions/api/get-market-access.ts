import { accessPathSchema } from '#shared/domain/market-access/market-access.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { marketAccessDetail as marketAccessDetailResponse } from '#shared/http/responses/market-access.ts';
import { marketAccessDetail } from '#shared/lifecycle/market-access/market-access-register.ts';

/** GET /market-access/{id}: one entry; HQ also sees its audit history. */
export const route = {
  summary: 'Read a market-access entry; HQ also gets its audit history',
  roles: ['officer', 'declarant', 'hq'],
  params: accessPathSchema,
  response: marketAccessDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await marketAccessDetail(params.id, caller) }));
