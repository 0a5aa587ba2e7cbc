import { beginTrainRun, beginTrainRunRequestSchema } from '#shared/lifecycle/trains/train-run.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Train-run workflow: claims the run of a train (one execution per train) and files it for review. */
export const handler = stepHandler(beginTrainRunRequestSchema, beginTrainRun);
