import { handOverTrainResults, handOverTrainResultsRequestSchema } from '#shared/lifecycle/trains/train-hand-over.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Train-run Map iteration: one consignment gets the train's port results. */
export const handler = stepHandler(handOverTrainResultsRequestSchema, handOverTrainResults);
