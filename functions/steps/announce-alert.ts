import { alertStepSchema, announceAlert } from '#shared/lifecycle/alerts/alert-effect.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** AlertEffect step: tells who must hear of an alert's change (HQ, its bureau, or every bureau and subscribed enterprise). */
export const handler = stepHandler(alertStepSchema, announceAlert);
