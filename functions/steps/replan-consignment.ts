import { replanConsignment, replanRequestSchema } from '#shared/lifecycle/alerts/replan-consignment.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** AlertEffect Map iteration: one consignment in flight re-planned under the alert, recorded and notified. */
export const handler = stepHandler(replanRequestSchema, replanConsignment);
