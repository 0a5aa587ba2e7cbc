import { parcelManifestUploadSchema } from '#shared/domain/parcels/parcel-manifest.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { parcelManifest } from '#shared/http/responses/parcels.ts';
import { uploadParcelManifest } from '#shared/lifecycle/parcels/parcel-manifests.ts';

/**
 * PUT /consignments/{id}/parcels: the parcel manifest (清单) of a cross-border e-commerce or postal
 * consignment, up to 10,000 lines, declared once by its enterprise or inland bureau; the answer
 * says how many lines list-based supervision samples and by which rule (408号 三（四）).
 */
export const route = {
  summary: 'Declare the parcel manifest of a cross-border e-commerce or postal consignment (list-based supervision)',
  roles: ['declarant', 'officer'],
  params: idParamsSchema,
  body: parcelManifestUploadSchema,
  idempotent: true,
  response: parcelManifest,
  created: 'when-new',
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const { created, view } = await uploadParcelManifest(params.id, body, caller);
  return { status: created ? 201 : 200, headers: { location: `/consignments/${params.id}/parcels` }, body: view };
});
