import { permitCancellationSchema } from '#shared/domain/permits/permit.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { permitNumberParamsSchema } from '#shared/http/query-schemas.ts';
import { cancelPermit } from '#shared/lifecycle/permits/permit-register.ts';
import { permitDetail } from '#shared/lifecycle/permits/permit-view.ts';

/** POST /permits/{number}/cancel: the issuing bureau or HQ cancels a permit, with a reason. */
export const route = {
  summary: 'Cancel a permit or approval: no filing can cite it any more',
  roles: ['officer', 'hq'],
  params: permitNumberParamsSchema,
  body: permitCancellationSchema,
  idempotent: true,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: permitDetail(await cancelPermit(params.number, body, caller)) }));
