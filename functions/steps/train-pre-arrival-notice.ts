import { sendPreArrivalNotice } from '#shared/lifecycle/trains/train-notice.ts';
import { preArrivalNoticeRequestSchema } from '#shared/lifecycle/trains/train-run.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Train-run workflow, pre-arrival mode: the port bureau gets the train's manifest summary. */
export const handler = stepHandler(preArrivalNoticeRequestSchema, sendPreArrivalNotice);
