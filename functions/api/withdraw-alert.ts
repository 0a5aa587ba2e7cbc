import { alertEndingSchema, alertPathSchema } from '#shared/domain/alerts/alert.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { withdraw } from '#shared/lifecycle/alerts/alert-register.ts';
import { alertView } from '#shared/lifecycle/alerts/alert-view.ts';
import { alert as alertResponse } from '#shared/http/responses/alerts.ts';
import { alertVersion } from '#shared/http/current-versions.ts';

/** POST /alerts/{id}/withdraw: the alert ends now, with a reason; filings from now on are not affected by it. */
export const route = {
  summary: 'Withdraw an alert, with a reason (HQ; a bureau its own before approval)',
  roles: ['officer', 'hq'],
  params: alertPathSchema,
  body: alertEndingSchema,
  idempotent: true,
  response: alertResponse,
  currentVersion: alertVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, requestId }) => ({ status: 200, body: alertView(await withdraw(params.id, body, caller, requestId), caller) }));
