import { notFound } from '#shared/http/api-problem.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { visibleConsignment } from '#shared/lifecycle/consignment-view.ts';
import { executionWithHistory } from '#shared/lifecycle/execution-history.ts';

/** GET /consignments/{id}/history: the lifecycle execution with its AWS-shaped event history. */
export const route = {
  summary: "Read the consignment's workflow execution and its history",
  roles: ['officer', 'declarant', 'hq'],
  params: idParamsSchema,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => {
  const consignment = await visibleConsignment(params.id, caller);
  if (!consignment.executionArn) throw notFound(`consignment ${params.id} has no workflow execution`);
  // Inputs and outputs hold every bureau's results: HQ reads them, the others see the steps.
  return { status: 200, body: await executionWithHistory(consignment.executionArn, { executionData: caller.role === 'hq' }) };
});
