import { closeConsignment, closeRequestSchema } from '#shared/lifecycle/consignments/close-consignment.ts';
import { recordBusinessEvent } from '#shared/observability/business-metrics.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Final step: release or reject with the signed certificate, settle the permits, and tell the bureaus. */
export const handler = stepHandler(closeRequestSchema, async (request) => {
  const consignment = await closeConsignment(request);
  // Step Functions runs a step at least once: a retried close is counted again (rare, and visible as such).
  if (consignment.status === 'released' || consignment.status === 'rejected') {
    recordBusinessEvent(consignment.status === 'released' ? 'ConsignmentReleased' : 'ConsignmentRejected', { direction: consignment.direction });
  }
  return { consignmentId: consignment.id, status: consignment.status };
});
