import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { visibleConsignment } from '#shared/lifecycle/consignments/consignment-view.ts';
import { consignmentExecution } from '#shared/review/execution-history.ts';
import { executionHistory as executionHistoryResponse } from '#shared/http/responses/review.ts';

/** GET /consignments/{id}/history: the lifecycle execution with its AWS-shaped event history. */
export const route = {
  summary: "Read the consignment's workflow execution and its history",
  roles: ['officer', 'declarant', 'hq'],
  params: idParamsSchema,
  response: executionHistoryResponse,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => {
  const consignment = await visibleConsignment(params.id, caller);
  return { status: 200, body: await consignmentExecution(consignment, caller) };
});
