import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { parcelManifestPage } from '#shared/http/responses/parcels.ts';
import { readParcelManifest } from '#shared/lifecycle/parcels/parcel-manifests.ts';

/** GET /consignments/{id}/parcels: the manifest, 200 lines a page, each marked whether it is sampled. */
export const route = {
  summary: "Read a consignment's parcel manifest, 200 lines a page",
  roles: ['officer', 'declarant', 'hq'],
  params: idParamsSchema,
  query: z.strictObject({ nextToken: z.string().min(1).max(2048).optional() }),
  response: parcelManifestPage,
} as const;

export const handler = apiRoute(route, async ({ params, query, caller }) => ({ status: 200, body: await readParcelManifest(params.id, caller, query.nextToken) }));
