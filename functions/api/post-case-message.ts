import { caseMessageSchema } from '#shared/domain/coordination/case.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { postCaseMessage } from '#shared/lifecycle/coordination/case-actions.ts';
import { caseMessage as caseMessageResponse } from '#shared/http/responses/coordination.ts';

/** POST /cases/{id}/messages: a message on the case's thread, by its parties, the lead bureau or HQ, while it is open. */
export const route = {
  summary: "Post a message on a coordination case's thread (the parties, the lead bureau, HQ)",
  roles: ['officer', 'hq'],
  params: idParamsSchema,
  body: caseMessageSchema,
  idempotent: true,
  response: caseMessageResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const message = await postCaseMessage(params.id, body.text, caller);
  return { status: 201, body: message };
});
