import { alertStepSchema, endAlert } from '#shared/lifecycle/alerts/alert-effect.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** AlertEffect step at validUntil: the alert expires once, and everyone hears. */
export const handler = stepHandler(alertStepSchema, endAlert);
