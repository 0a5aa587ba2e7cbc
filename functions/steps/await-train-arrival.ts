import { awaitTrainArrival, awaitTrainArrivalRequestSchema } from '#shared/lifecycle/trains/train-run.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Callback step: the run waits for the train's `arrived-at-border` event (a late train). */
export const handler = stepHandler(awaitTrainArrivalRequestSchema, awaitTrainArrival);
