import { z } from 'zod';
import { marketIdSchema } from '#shared/domain/market-procurement/market.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { marketWithTraders } from '#shared/http/responses/market-procurement.ts';
import { readMarket } from '#shared/lifecycle/market-procurement/markets.ts';

/** GET /markets/{id}: a market of market-procurement trade with its registered traders and their goods lists. */
export const route = {
  summary: 'A market of market-procurement trade, its registered traders and their goods lists',
  roles: ['officer', 'hq'],
  params: z.object({ id: marketIdSchema }),
  response: marketWithTraders,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await readMarket(params.id, caller) }));
