import { traderParamsSchema, traderRegistrationSchema } from '#shared/domain/market-procurement/market.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { marketTrader } from '#shared/http/responses/market-procurement.ts';
import { registerTrader } from '#shared/lifecycle/market-procurement/markets.ts';

/** PUT /markets/{id}/traders/{creditCode}: a trader's registration at the market, with its whole goods list (408号 三（四）). */
export const route = {
  summary: "Register a trader at a market, or replace its registration and goods list (the market's bureau)",
  roles: ['officer'],
  params: traderParamsSchema,
  body: traderRegistrationSchema,
  idempotent: true,
  response: marketTrader,
  created: 'when-new',
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const { created, trader } = await registerTrader(params.id, params.creditCode, body, caller);
  return { status: created ? 201 : 200, headers: { location: `/markets/${encodeURIComponent(trader.marketId)}` }, body: trader };
});
