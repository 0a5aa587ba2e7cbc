import { closeConsignment, closeRequestSchema } from '#shared/lifecycle/consignments/close-consignment.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Final step: release (with the export clearance document) or reject, and tell the bureaus. */
export const handler = stepHandler(closeRequestSchema, async (request) => {
  const consignment = await closeConsignment(request);
  return { consignmentId: consignment.id, status: consignment.status };
});
