import { alertSubscriptionRequestSchema } from '#shared/domain/alerts/alert-subscription.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { subscribe } from '#shared/lifecycle/alerts/alert-subscriptions.ts';
import { alertSubscription as alertSubscriptionResponse } from '#shared/http/responses/alerts.ts';

/** PUT /alert-subscription: the declarant's enterprise hears of alerts (in its inbox) for the countries and goods it names, or none. */
export const route = {
  summary: "Set the caller's enterprise's subscription to alert notices (countries, HS prefixes, categories; active)",
  roles: ['declarant'],
  body: alertSubscriptionRequestSchema,
  idempotent: true,
  response: alertSubscriptionResponse,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => ({ status: 200, body: await subscribe(body, caller) }));
