import { apiRoute } from '#shared/http/api-route.ts';
import { permitNumberParamsSchema } from '#shared/http/query-schemas.ts';
import { etag } from '#shared/http/etags.ts';
import { permitDetail, visiblePermit } from '#shared/lifecycle/permits/permit-view.ts';
import { permitDetail as permitDetailResponse } from '#shared/http/responses/permits.ts';

/**
 * GET /permits/{number}: the online query (网上查询): standing, balance, and every consignment's
 * reservation, write-off or return. The holder's declarants, every bureau and HQ; 404 to others.
 */
export const route = {
  summary: 'Query a permit or approval: standing, remaining quantity, reservations and write-offs',
  roles: ['officer', 'declarant', 'hq'],
  params: permitNumberParamsSchema,
  response: permitDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => {
  const permit = await visiblePermit(params.number, caller);
  // The view leaves the version out of the body; it travels as the ETag, for If-Match on cancel.
  return { status: 200, headers: { etag: etag(permit.version) }, body: permitDetail(permit) };
});
