import { closeApplicationRequestSchema } from '#shared/lifecycle/origin/application-closing.ts';
import { issueOriginCertificate } from '#shared/lifecycle/origin/issue-origin-certificate.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** OriginCertificate step after an approval: issues the signed certificate of origin and tells the applicant. */
export const handler = stepHandler(closeApplicationRequestSchema, async (request) => {
  const application = await issueOriginCertificate(request);
  return { applicationId: application.id, status: application.status, certificate: application.certificate };
});
