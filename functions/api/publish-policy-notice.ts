import { policyNoticeSchema } from '#shared/domain/coordination/policy-notices.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { publishPolicyNotice } from '#shared/lifecycle/coordination/policy-notices.ts';
import { policyNotice as policyNoticeResponse } from '#shared/http/responses/coordination.ts';

/** POST /policy-notices: HQ or a bureau publishes a policy notice for enterprises (408号 三（十）). */
export const route = {
  summary: 'Publish a policy notice for enterprises in the public feed (HQ or a bureau)',
  roles: ['officer', 'hq'],
  body: policyNoticeSchema,
  idempotent: true,
  response: policyNoticeResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey }) => {
  const notice = await publishPolicyNotice(body, caller, idempotencyKey);
  return { status: 201, body: notice };
});
