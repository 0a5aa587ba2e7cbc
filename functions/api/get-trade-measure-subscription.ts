import { apiRoute } from '#shared/http/api-route.ts';
import { tradeMeasureSubscription } from '#shared/http/responses/market-access.ts';
import { tradeMeasureSubscriptionOfCaller } from '#shared/lifecycle/trade-measures/trade-measures.ts';

/** GET /trade-measure-subscription: the caller's enterprise's subscription to technical-trade-measure notes. */
export const route = {
  summary: "Read the caller's enterprise's subscription to technical-trade-measure notes",
  roles: ['declarant'],
  response: tradeMeasureSubscription,
} as const;

export const handler = apiRoute(route, async ({ caller }) => ({ status: 200, body: await tradeMeasureSubscriptionOfCaller(caller) }));
