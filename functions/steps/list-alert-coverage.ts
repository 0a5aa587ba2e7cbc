import { alertCoverage, coverageRequestSchema } from '#shared/lifecycle/alerts/alert-effect.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** AlertEffect step: one page of the consignments in flight the alert covers, for the Map to re-plan. */
export const handler = stepHandler(coverageRequestSchema, alertCoverage);
