import { z } from 'zod';
import type { CallerIdentity } from '../../auth/claims.ts';
import type { CertificateRecord } from '../../data/certificate-repository.ts';
import { bilingual } from '../../domain/text.ts';
import { updateConsignment } from '../consignments/consignment-updates.ts';
import { Conflict, NotAllowed } from '../errors.ts';
import { notices, repos } from '../ports.ts';
import { visibleCertificate } from './certificate-view.ts';
import { nowIso } from '../../clock.ts';

export const revocationSchema = z.object({
  reason: z
    .string({ error: bilingual('撤销原因须为字符串', 'reason must be a string') })
    .trim()
    .min(1, { error: bilingual('须说明撤销原因', 'reason must not be empty') })
    .max(500, { error: bilingual('撤销原因不超过 500 字', 'reason is at most 500 characters') }),
});
export type Revocation = z.infer<typeof revocationSchema>;

/**
 * Revokes a certificate (a document issued in error, a decision overturned). Only an officer of
 * the issuing bureau may; public verification then answers `revoked` with the reason. The
 * consignment's audit trail records it and the bureaus involved are told.
 */
export async function revokeCertificate(id: string, revocation: Revocation, caller: CallerIdentity): Promise<CertificateRecord> {
  const certificate = await visibleCertificate(id, caller);
  if (caller.role !== 'officer' || caller.bureau !== certificate.issuingBureau) {
    throw new NotAllowed(`only an officer of the issuing bureau ${certificate.issuingBureau} may revoke certificate ${certificate.serial}`);
  }
  if (certificate.status === 'revoked') throw new Conflict(`certificate ${certificate.serial} is already revoked`);
  const revoked = await repos().certificates.revoke(id, {
    reason: revocation.reason,
    by: { bureau: caller.bureau, subject: caller.subject },
    at: nowIso(),
  });
  const consignment = await updateConsignment(certificate.consignmentId, () => ({
    event: {
      type: 'certificate-revoked',
      actor: { role: 'officer', bureau: caller.bureau, subject: caller.subject },
      data: { certificate: { id, serial: certificate.serial, kind: certificate.kind }, reason: revocation.reason },
      idempotencyKey: `${id}:revoked`,
    },
  }));
  await notices().notify(
    [...new Set([...consignment.responsibleBureaus, 'HQ' as const])].map((bureau) => ({
      bureau,
      kind: 'certificate-revoked',
      title: { zh: '证书已撤销', en: 'Certificate revoked' },
      consignmentId: consignment.id,
      data: { certificate: { id, serial: certificate.serial, kind: certificate.kind }, reason: revocation.reason },
    })),
  );
  return revoked;
}
