import { recognisedBodyPathSchema } from '#shared/domain/recognition/recognised-body.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { recognisedBodyDetail } from '#shared/lifecycle/recognition/recognition-view.ts';
import { recognisedBodyDetail as recognisedBodyDetailResponse } from '#shared/http/responses/registers.ts';

/** GET /recognised-bodies/{id}: one entry of the register; HQ also sees its history (who changed what when). */
export const route = {
  summary: 'Read a recognised body; HQ also gets its audit history',
  roles: ['officer', 'declarant', 'hq'],
  params: recognisedBodyPathSchema,
  response: recognisedBodyDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await recognisedBodyDetail(params.id, caller) }));
