import { z } from 'zod';
import { handOverTrainResults } from '#shared/lifecycle/train-hand-over.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Train-run Map iteration: one consignment gets the train's port results. */
export const handler = stepHandler(
  z.object({ trainId: z.string().min(1).max(64), consignmentId: z.string().min(1).max(64), executionArn: z.string().min(1) }),
  handOverTrainResults,
);
