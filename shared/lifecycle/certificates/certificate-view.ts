import type { CallerIdentity } from '../../auth/claims.ts';
import type { CertificateRecord } from '../../data/certificate-repository.ts';
import { visibleConsignment } from '../consignments/consignment-view.ts';
import { NotFound } from '../errors.ts';
import { repos } from '../ports.ts';

/** A certificate whose consignment the caller may read (the bureaus involved, the declarant, HQ); otherwise 404 or 403. */
export async function visibleCertificate(id: string, caller: CallerIdentity): Promise<CertificateRecord> {
  const certificate = await repos().certificates.find(id);
  if (!certificate) throw new NotFound(`certificate ${id} does not exist`);
  await visibleConsignment(certificate.consignmentId, caller);
  return certificate;
}

/** The API's view: the signed certificate as issued, with its current status beside it (status is not signed). */
export function certificateView(certificate: CertificateRecord) {
  return {
    id: certificate.id,
    serial: certificate.serial,
    kind: certificate.kind,
    status: certificate.status,
    ...(certificate.revocation && { revocation: certificate.revocation }),
    issuingBureau: certificate.issuingBureau,
    issuedAt: certificate.issuedAt,
    consignmentId: certificate.consignmentId,
    certificate: certificate.signed,
  };
}
