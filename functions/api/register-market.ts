import { marketRegistrationSchema } from '#shared/domain/market-procurement/market.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { market } from '#shared/http/responses/market-procurement.ts';
import { registerMarket } from '#shared/lifecycle/market-procurement/markets.ts';

/** POST /markets: the purchase-location bureau registers a market of market-procurement trade (408号 三（四）). */
export const route = {
  summary: 'Register a market of market-procurement trade (the purchase-location bureau keeps it)',
  roles: ['officer'],
  body: marketRegistrationSchema,
  idempotent: true,
  response: market,
  created: 'when-new',
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const registered = await registerMarket(body, caller);
  return { status: registered.created ? 201 : 200, headers: { location: `/markets/${encodeURIComponent(registered.market.id)}` }, body: registered.market };
});
