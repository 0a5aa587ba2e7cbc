import { listTrainConsignmentIds, listTrainConsignmentsRequestSchema } from '#shared/lifecycle/trains/train-run.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Train-run workflow: the consignments the Map hands the train's results to. */
export const handler = stepHandler(listTrainConsignmentsRequestSchema, listTrainConsignmentIds);
