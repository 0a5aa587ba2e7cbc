import { consignmentFilingSchema } from '#shared/domain/consignment.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';

/** POST /consignments: filing (报检) by a declarant or by an officer of the inland bureau. */
export const route = {
  summary: 'File a consignment (报检) and start its lifecycle',
  roles: ['declarant', 'officer'],
  body: consignmentFilingSchema,
  idempotent: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey }) => {
  const consignment = await fileConsignment(body, caller, idempotencyKey);
  return {
    status: 201,
    headers: { location: `/consignments/${consignment.id}` },
    body: {
      id: consignment.id,
      status: consignment.status,
      inspectionPlan: consignment.inspectionPlan,
      executionArn: consignment.executionArn,
    },
  };
});
