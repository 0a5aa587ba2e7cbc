import { settlePlan, settlePlanRequestSchema } from '#shared/lifecycle/consignments/settle-plan.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Consignment workflows, before a Choice that reads the plan: the plan as it stands now (an alert may have re-planned it), settled. */
export const handler = stepHandler(settlePlanRequestSchema, settlePlan);
