import { closeTrainRun, closeTrainRunRequestSchema } from '#shared/lifecycle/trains/train-run.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Train-run workflow, last step: the summary to the port, lead and destination bureaus. */
export const handler = stepHandler(closeTrainRunRequestSchema, closeTrainRun);
