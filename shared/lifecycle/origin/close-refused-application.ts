import type { OriginCertificateApplication } from '../../domain/origin/origin-application.ts';
import { repos } from '../ports.ts';
import { tellApplicant, type CloseApplicationRequest } from './application-closing.ts';

/**
 * The end of a refused application: it gives up its consignment and form (the exporter may apply
 * again at once) and the applicant is told why. The refusal itself was recorded with the answer.
 */
export async function closeRefusedApplication(request: CloseApplicationRequest): Promise<OriginCertificateApplication> {
  const application = await repos().originApplications.get(request.applicationId);
  if (application.status !== 'refused') throw new Error(`application ${application.id} is ${application.status}, not refused`);
  await repos().originApplications.releaseClaim(application.consignmentId, application.form, application.id);
  await tellApplicant(application, {
    kind: 'origin-certificate-refused',
    title: { zh: '原产地证书申请未予签证', en: 'Certificate of origin refused' },
    data: { reason: application.review?.reason },
  });
  return application;
}
