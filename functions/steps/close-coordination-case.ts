import { closeCase, closeCaseRequestSchema } from '#shared/lifecycle/coordination/close-case.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** CoordinationCase step after the answer: the bureaus concerned (and HQ, if reached) hear how the case ended. */
export const handler = stepHandler(closeCaseRequestSchema, async (request) => {
  const closed = await closeCase(request);
  return { caseId: closed.id, status: closed.status, escalation: closed.escalation };
});
