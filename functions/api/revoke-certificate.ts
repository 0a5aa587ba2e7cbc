import { apiRoute } from '#shared/http/api-route.ts';
import { etag } from '#shared/http/etags.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { certificateView } from '#shared/lifecycle/certificates/certificate-view.ts';
import { revocationSchema, revokeCertificate } from '#shared/lifecycle/certificates/revoke-certificate.ts';
import { certificate as certificateResponse } from '#shared/http/responses/certificates.ts';
import { certificateVersion } from '#shared/http/current-versions.ts';

/** POST /certificates/{id}/revoke: the issuing bureau withdraws a certificate, with a reason. */
export const route = {
  summary: 'Revoke a certificate (an officer of the issuing bureau, with a reason)',
  roles: ['officer'],
  params: idParamsSchema,
  body: revocationSchema,
  idempotent: true,
  response: certificateResponse,
  currentVersion: certificateVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const revoked = await revokeCertificate(params.id, body, caller);
  return { status: 200, headers: { etag: etag(revoked.version) }, body: certificateView(revoked) };
});
