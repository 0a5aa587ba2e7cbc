import { alertApprovalSchema, alertPathSchema } from '#shared/domain/alerts/alert.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { approve } from '#shared/lifecycle/alerts/alert-register.ts';
import { alertView } from '#shared/lifecycle/alerts/alert-view.ts';
import { alert as alertResponse } from '#shared/http/responses/alerts.ts';
import { alertVersion } from '#shared/http/current-versions.ts';

/** POST /alerts/{id}/approve: HQ puts a bureau's alert in force (from its validFrom). */
export const route = {
  summary: "Approve a bureau's alert: in force from its validFrom (HQ)",
  roles: ['hq'],
  params: alertPathSchema,
  // No body, or the version HQ read.
  body: alertApprovalSchema.default({}),
  idempotent: true,
  response: alertResponse,
  currentVersion: alertVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, requestId }) => ({ status: 200, body: alertView(await approve(params.id, body, caller, requestId), caller) }));
