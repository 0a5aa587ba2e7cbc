import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { certificateView } from '#shared/lifecycle/certificates/certificate-view.ts';
import { revocationSchema, revokeCertificate } from '#shared/lifecycle/certificates/revoke-certificate.ts';

/** POST /certificates/{id}/revoke: the issuing bureau withdraws a certificate, with a reason. */
export const route = {
  summary: 'Revoke a certificate (an officer of the issuing bureau, with a reason)',
  roles: ['officer'],
  params: idParamsSchema,
  body: revocationSchema,
  idempotent: true,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({
  status: 200,
  body: certificateView(await revokeCertificate(params.id, body, caller)),
}));
