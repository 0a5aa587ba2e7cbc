import { alertEndingSchema, alertPathSchema } from '#shared/domain/alerts/alert.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { reject } from '#shared/lifecycle/alerts/alert-register.ts';
import { alertView } from '#shared/lifecycle/alerts/alert-view.ts';
import { alert as alertResponse } from '#shared/http/responses/alerts.ts';
import { alertVersion } from '#shared/http/current-versions.ts';

/** POST /alerts/{id}/reject: HQ turns a bureau's alert down, with the reason the bureau is told. */
export const route = {
  summary: "Reject a bureau's alert, with a reason (HQ)",
  roles: ['hq'],
  params: alertPathSchema,
  body: alertEndingSchema,
  idempotent: true,
  response: alertResponse,
  currentVersion: alertVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, requestId }) => ({ status: 200, body: alertView(await reject(params.id, body, caller, requestId), caller) }));
