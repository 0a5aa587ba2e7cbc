import { tradeMeasureSubscriptionSchema } from '#shared/domain/trade-measures/trade-measure.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { tradeMeasureSubscription } from '#shared/http/responses/market-access.ts';
import { subscribeTradeMeasures } from '#shared/lifecycle/trade-measures/trade-measures.ts';

/** PUT /trade-measure-subscription: the declarant's enterprise hears of new notes for the countries and HS headings it names. */
export const route = {
  summary: "Set the caller's enterprise's subscription to technical-trade-measure notes (countries, HS prefixes; active)",
  roles: ['declarant'],
  body: tradeMeasureSubscriptionSchema,
  idempotent: true,
  response: tradeMeasureSubscription,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => ({ status: 200, body: await subscribeTradeMeasures(body, caller) }));
