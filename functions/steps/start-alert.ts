import { alertStepSchema, startAlert } from '#shared/lifecycle/alerts/alert-effect.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** AlertEffect step at validFrom: a scheduled alert takes effect and everyone hears. */
export const handler = stepHandler(alertStepSchema, startAlert);
