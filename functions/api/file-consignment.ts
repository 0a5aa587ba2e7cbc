import { consignmentFilingSchema } from '#shared/domain/consignment.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { recordBusinessEvent } from '#shared/observability/business-metrics.ts';
import { filedConsignment as filedConsignmentResponse } from '#shared/http/responses/consignments.ts';

/** POST /consignments: filing (报检) by a declarant or by an officer of the inland bureau. */
export const route = {
  summary: 'File a consignment (报检) and start its lifecycle',
  roles: ['declarant', 'officer'],
  body: consignmentFilingSchema,
  idempotent: true,
  response: filedConsignmentResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey, requestId }) => {
  const consignment = await fileConsignment(body, caller, idempotencyKey, requestId);
  recordBusinessEvent('ConsignmentFiled', { direction: body.direction });
  return {
    status: 201,
    headers: { location: `/consignments/${consignment.id}` },
    body: {
      id: consignment.id,
      // The answer to a filing, whenever a keyed retry asks for it again: its lifecycle may have moved on since.
      status: 'filed',
      inspectionPlan: consignment.inspectionPlan,
      executionArn: consignment.executionArn,
    },
  };
});
