import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { creditCodeSchema } from '#shared/domain/validators/credit-code.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listPermits } from '#shared/lifecycle/permits/permit-view.ts';
import { permitPage as permitPageResponse } from '#shared/http/responses/permits.ts';

/**
 * GET /permits?holder=&bureau=: a declarant its enterprise's permits; an officer those its bureau
 * issued, or one holder's; HQ any bureau's, any holder's, or all. Paged.
 */
export const route = {
  summary: "List permits and approvals: an enterprise's, a bureau's issues, or all (HQ)",
  roles: ['officer', 'declarant', 'hq'],
  query: pageQuerySchema.extend({
    holder: creditCodeSchema.optional(),
    bureau: bureauCodeSchema.optional(),
  }),
  response: permitPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listPermits(query, caller) }));
