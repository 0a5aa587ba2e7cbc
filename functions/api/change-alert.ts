import { alertChangeSchema, alertPathSchema } from '#shared/domain/alerts/alert.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { change } from '#shared/lifecycle/alerts/alert-register.ts';
import { alertView } from '#shared/lifecycle/alerts/alert-view.ts';
import { alert as alertResponse } from '#shared/http/responses/alerts.ts';
import { alertVersion } from '#shared/http/current-versions.ts';

/** PATCH /alerts/{id}: coverage, measure, validity or text, from the version read (409 if stale); everyone hears of a change in force. */
export const route = {
  summary: "Change an alert's coverage, measure, validity or description from the version read (HQ; a bureau its own before approval)",
  roles: ['officer', 'hq'],
  params: alertPathSchema,
  body: alertChangeSchema,
  idempotent: true,
  response: alertResponse,
  currentVersion: alertVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, requestId }) => ({ status: 200, body: alertView(await change(params.id, body, caller, requestId), caller) }));
