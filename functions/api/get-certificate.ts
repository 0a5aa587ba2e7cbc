import { apiRoute, type RouteResponse } from '#shared/http/api-route.ts';
import { etag } from '#shared/http/etags.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { certificatePdf } from '#shared/lifecycle/certificates/certificate-pdf.ts';
import { certificateView, visibleCertificate } from '#shared/lifecycle/certificates/certificate-view.ts';
import { certificate as certificateResponse } from '#shared/http/responses/certificates.ts';

/** GET /certificates/{id}: the signed certificate as JSON, or with `Accept: application/pdf` the printable PDF. */
export const route = {
  summary: 'Read a signed certificate (JSON, or PDF with Accept: application/pdf)',
  roles: ['officer', 'declarant', 'hq'],
  params: idParamsSchema,
  response: certificateResponse,
  versioned: true,
  produces: { 'application/pdf': 'The printable bilingual PDF, with Accept: application/pdf' },
} as const;

export const handler = apiRoute(route, async ({ params, caller, event }): Promise<RouteResponse> => {
  const certificate = await visibleCertificate(params.id, caller);
  if (!(event.headers.accept ?? '').includes('application/pdf')) return { status: 200, headers: { etag: etag(certificate.version) }, body: certificateView(certificate) };
  return {
    status: 200,
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${certificate.serial}.pdf"` },
    body: await certificatePdf(certificate, event),
  };
});
