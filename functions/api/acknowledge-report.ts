import { acknowledgementSchema } from '#shared/domain/coordination/reports.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { acknowledgeReport } from '#shared/lifecycle/coordination/reports.ts';
import { report as reportResponse } from '#shared/http/responses/coordination.ts';
import { reportVersion } from '#shared/http/current-versions.ts';

/** POST /reports/{id}/acknowledge: HQ acknowledges a report once, with remarks; the bureau is told. */
export const route = {
  summary: 'Acknowledge a report (HQ), with remarks',
  roles: ['hq'],
  params: idParamsSchema,
  body: acknowledgementSchema,
  idempotent: true,
  response: reportResponse,
  currentVersion: reportVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await acknowledgeReport(params.id, body, caller) }));
