import { trainStepRequestSchema, verifyTrainClearance } from '#shared/lifecycle/trains/train-run.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Outbound trains: every export must be cleared before exit quarantine; the rest are held back. */
export const handler = stepHandler(trainStepRequestSchema, verifyTrainClearance);
