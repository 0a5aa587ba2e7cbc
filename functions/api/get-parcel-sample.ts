import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { parcelSample } from '#shared/http/responses/parcels.ts';
import { readParcelSample } from '#shared/lifecycle/parcels/parcel-manifests.ts';

/** GET /consignments/{id}/parcel-sample: the lines list-based supervision inspects, and the rule that drew them. */
export const route = {
  summary: 'The sampled parcel lines of a list-based consignment and the sampling rule',
  roles: ['officer', 'declarant', 'hq'],
  params: idParamsSchema,
  response: parcelSample,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await readParcelSample(params.id, caller) }));
