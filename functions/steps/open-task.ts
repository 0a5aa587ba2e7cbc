import { openTask, openTaskRequestSchema } from '#shared/lifecycle/open-task.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** Callback step: records the task a bureau must complete and notifies (or escalates to) it. */
export const handler = stepHandler(openTaskRequestSchema, openTask);
