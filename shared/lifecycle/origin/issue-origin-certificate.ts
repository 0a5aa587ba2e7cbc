import type { OriginApplicationStatus, OriginCertificateApplication } from '../../domain/origin/origin-application.ts';
import { ConflictError } from '../../data/errors.ts';
import { issueCertificate } from '../certificates/issue-certificate.ts';
import { repos } from '../ports.ts';
import { tellApplicant, type CloseApplicationRequest } from './application-closing.ts';

/**
 * The end of an approved application: the signed certificate of origin is issued once (a retried
 * step gets the same certificate back from `issueCertificate`, which keys it by the application),
 * its id and serial go on the application, and the applicant hears of it.
 */
export async function issueOriginCertificate(request: CloseApplicationRequest): Promise<OriginCertificateApplication> {
  const application = await repos().originApplications.get(request.applicationId);
  if (application.status === 'issued') return application;
  if (application.status !== 'approved') throw new Error(`application ${application.id} is ${application.status}: only an approved application is issued`);
  const certificate = await issueCertificate({
    kind: 'certificate-of-origin',
    consignmentId: application.consignmentId,
    subjectKey: application.id,
    issuingBureau: application.originBureau,
    ...(application.review && { officer: { subject: application.review.by.subject } }),
    origin: application,
  });
  const issued = await settle(application.id, 'approved', 'issued', { certificate: { id: certificate.id, serial: certificate.serial, issuedAt: certificate.issuedAt } });
  await tellApplicant(issued, {
    kind: 'origin-certificate-issued',
    title: { zh: `原产地证书已签发：${certificate.serial}`, en: `Certificate of origin issued: ${certificate.serial}` },
    data: { certificateId: certificate.id, serial: certificate.serial },
  });
  return issued;
}

/** One guarded move; a retried step that finds the application moved already takes it as it is. */
async function settle(
  id: string,
  from: OriginApplicationStatus,
  to: OriginApplicationStatus,
  set: Partial<Pick<OriginCertificateApplication, 'certificate'>>,
): Promise<OriginCertificateApplication> {
  try {
    return await repos().originApplications.change(id, { from: [from], status: to, set });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await repos().originApplications.get(id);
    if (current.status !== to) throw error;
    return current;
  }
}
