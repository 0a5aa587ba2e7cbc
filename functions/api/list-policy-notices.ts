import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { publicRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { policyNoticeFeed } from '#shared/lifecycle/coordination/policy-notices.ts';
import { policyNoticePage as policyNoticePageResponse } from '#shared/http/responses/coordination.ts';

/** GET /policy-notices: the public feed of policy notices for enterprises, newest first; no token. */
export const route = {
  summary: 'The public feed of policy notices for enterprises, newest first (public)',
  query: pageQuerySchema.extend({ bureau: bureauCodeSchema.optional() }),
  response: policyNoticePageResponse,
} as const;

export const handler = publicRoute(route, async ({ query }) => ({ status: 200, body: await policyNoticeFeed(query) }));
