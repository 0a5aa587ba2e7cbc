import { permitCancellationSchema } from '#shared/domain/permits/permit.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { etag } from '#shared/http/etags.ts';
import { permitNumberParamsSchema } from '#shared/http/query-schemas.ts';
import { cancelPermit } from '#shared/lifecycle/permits/permit-register.ts';
import { permitDetail } from '#shared/lifecycle/permits/permit-view.ts';
import { permitDetail as permitDetailResponse } from '#shared/http/responses/permits.ts';
import { permitVersion } from '#shared/http/current-versions.ts';

/** POST /permits/{number}/cancel: the issuing bureau or HQ cancels a permit, with a reason. */
export const route = {
  summary: 'Cancel a permit or approval: no filing can cite it any more',
  roles: ['officer', 'hq'],
  params: permitNumberParamsSchema,
  body: permitCancellationSchema,
  idempotent: true,
  response: permitDetailResponse,
  currentVersion: permitVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const permit = await cancelPermit(params.number, body, caller);
  return { status: 200, headers: { etag: etag(permit.version) }, body: permitDetail(permit) };
});
