import type { BureauCode } from '../../domain/codes.ts';
import type { Consignment } from '../../domain/consignment.ts';
import { beijingDateTime } from '../../domain/certificates/beijing-time.ts';
import { formatSerial, type CertificateKind } from '../../domain/certificates/certificate-document.ts';
import { certificateDocumentFor, type OriginCertificateDetails } from '../../domain/certificates/certificate-document-for.ts';
import { signCertificate } from '../../certificates/sign-certificate.ts';
import type { CertificateRecord } from '../../data/certificate-repository.ts';
import { deterministicId } from '../deterministic-id.ts';
import { certificateSigner, repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

export interface CertificateIssue {
  kind: CertificateKind;
  consignmentId: string;
  /** What the certificate is the one certificate of (a consignment's release, a CO application): a retry finds it again. */
  subjectKey: string;
  issuingBureau: BureauCode;
  officer?: { subject: string };
  origin?: OriginCertificateDetails;
  /** The consignment as the caller already holds it; read when absent. */
  consignment?: Consignment;
}

/** The certificate's id: one per subject and kind, whoever asks and however often. */
export const certificateIdFor = (kind: CertificateKind, subjectKey: string) => deterministicId('certificate', kind, subjectKey);

/**
 * Issues a signed certificate (电子证书) once: a second call for the same subject and kind returns
 * the first certificate. The serial is taken before signing, so a crash between the two leaves a
 * gap in the bureau's serials, never two certificates with one serial.
 */
export async function issueCertificate(issue: CertificateIssue): Promise<CertificateRecord> {
  const id = certificateIdFor(issue.kind, issue.subjectKey);
  const existing = await repos().certificates.find(id);
  if (existing) return existing;

  const consignment = issue.consignment ?? (await repos().consignments.get(issue.consignmentId));
  const issuedAt = nowIso();
  // Serials count per bureau and Beijing year, as the paper series did.
  const { year } = beijingDateTime(issuedAt);
  const serial = formatSerial(issue.issuingBureau, year, await repos().certificates.nextSequence(issue.issuingBureau, year));
  const document = certificateDocumentFor({
    kind: issue.kind,
    id,
    serial,
    consignment,
    issuedAt,
    issuingBureau: issue.issuingBureau,
    ...(issue.officer && { officer: issue.officer }),
    ...(issue.origin && { origin: issue.origin }),
  });
  const signed = await signCertificate(document, certificateSigner());
  return repos().certificates.create({
    id,
    serial,
    kind: issue.kind,
    consignmentId: consignment.id,
    issuingBureau: issue.issuingBureau,
    issuedAt,
    signed,
  });
}
