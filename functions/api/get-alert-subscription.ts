import { apiRoute } from '#shared/http/api-route.ts';
import { subscriptionOfCaller } from '#shared/lifecycle/alerts/alert-subscriptions.ts';
import { alertSubscription as alertSubscriptionResponse } from '#shared/http/responses/alerts.ts';

/** GET /alert-subscription: the caller's enterprise's subscription to alert notices. */
export const route = {
  summary: "Read the caller's enterprise's subscription to alert notices",
  roles: ['declarant'],
  response: alertSubscriptionResponse,
} as const;

export const handler = apiRoute(route, async ({ caller }) => ({ status: 200, body: await subscriptionOfCaller(caller) }));
