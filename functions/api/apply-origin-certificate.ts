import { originApplicationSchema } from '#shared/domain/origin/origin-application.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { applyForOriginCertificate } from '#shared/lifecycle/origin/apply-for-origin-certificate.ts';
import { submittedOriginApplication as submittedOriginApplicationResponse } from '#shared/http/responses/registers.ts';

/** POST /origin-certificate-applications: 原产地签证无纸化申报 by a declarant of the export's consignor. */
export const route = {
  summary: 'Apply for a certificate of origin (原产地证书) for an export consignment; the origin bureau reviews it',
  roles: ['declarant'],
  body: originApplicationSchema,
  idempotent: true,
  response: submittedOriginApplicationResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey, requestId }) => {
  const application = await applyForOriginCertificate(body, caller, idempotencyKey, requestId);
  return {
    status: 201,
    headers: { location: `/origin-certificate-applications/${application.id}` },
    // The application as made: a keyed retry, however late, gets this same answer.
    body: { id: application.id, consignmentId: application.consignmentId, form: application.form, status: 'submitted', originBureau: application.originBureau, executionArn: application.executionArn },
  };
});
