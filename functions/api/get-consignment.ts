import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { consignmentDetail } from '#shared/lifecycle/consignments/consignment-view.ts';
import { consignmentDetail as consignmentDetailResponse } from '#shared/http/responses/consignments.ts';

/** GET /consignments/{id}: the consignment, its status, plan, open tasks and events. */
export const route = {
  summary: 'Read a consignment with its plan, open tasks and audit trail',
  roles: ['officer', 'declarant', 'hq'],
  params: idParamsSchema,
  response: consignmentDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({
  status: 200,
  body: await consignmentDetail(params.id, caller),
}));
