import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { caseDetail } from '#shared/lifecycle/coordination/case-view.ts';
import { caseDetail as caseDetailResponse } from '#shared/http/responses/coordination.ts';

/** GET /cases/{id}: the case with its history (each step and whom it reached), its message thread and its task. */
export const route = {
  summary: 'Read a coordination case with its history, message thread and task',
  roles: ['officer', 'hq'],
  params: idParamsSchema,
  response: caseDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await caseDetail(params.id, caller) }));
