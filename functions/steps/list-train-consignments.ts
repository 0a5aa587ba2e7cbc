import { z } from 'zod';
import { listTrainConsignmentIds } from '#shared/lifecycle/train-run.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Train-run workflow: the consignments the Map hands the train's results to. */
export const handler = stepHandler(z.object({ trainId: z.string().min(1).max(64) }), listTrainConsignmentIds);
