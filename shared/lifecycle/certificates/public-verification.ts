import { createHash } from 'node:crypto';
import { repos } from '../ports.ts';

export type PublicVerification =
  | { serial: string; status: 'unknown' }
  | {
      serial: string;
      status: 'valid' | 'revoked';
      kind: string;
      title: { zh: string; en: string };
      issuingBureau: string;
      issuedAt: string;
      consignor: string;
      consignee: string;
      goods: Array<{ hsCode: string; quantity: number; unit: string }>;
      /** SHA-256 of the signed JWS: matches the copy a holder has, without revealing more. */
      signatureDigest: string;
      revocation?: { reason: string; at: string };
    };

/**
 * 证书核查: anyone holding a paper or PDF certificate asks whether it is genuine and still
 * valid. The answer repeats only what the paper shows (no ids, officers or internal state),
 * and a revoked certificate says why and since when, not who revoked it.
 */
export async function verifySerial(serial: string): Promise<PublicVerification> {
  const certificate = await repos().certificates.findBySerial(serial);
  if (!certificate) return { serial, status: 'unknown' };
  const { document, jws } = certificate.signed;
  return {
    serial,
    status: certificate.status,
    kind: certificate.kind,
    title: document.title,
    issuingBureau: certificate.issuingBureau,
    issuedAt: certificate.issuedAt,
    consignor: document.consignor.name,
    consignee: document.consignee.name,
    goods: document.goods.map((line) => ({ hsCode: line.hsCode, quantity: line.quantity, unit: line.unit })),
    signatureDigest: createHash('sha256').update(jws).digest('base64url'),
    ...(certificate.revocation && { revocation: { reason: certificate.revocation.reason, at: certificate.revocation.at } }),
  };
}
