import { apiRoute } from '#shared/http/api-route.ts';
import { permitNumberParamsSchema } from '#shared/http/query-schemas.ts';
import { readPermit } from '#shared/lifecycle/permits/permit-view.ts';

/**
 * GET /permits/{number}: the online query (网上查询): standing, balance, and every consignment's
 * reservation, write-off or return. The holder's declarants, every bureau and HQ; 404 to others.
 */
export const route = {
  summary: 'Query a permit or approval: standing, remaining quantity, reservations and write-offs',
  roles: ['officer', 'declarant', 'hq'],
  params: permitNumberParamsSchema,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await readPermit(params.number, caller) }));
