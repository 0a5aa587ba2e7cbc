import { calculateJwkThumbprint, exportJWK, importSPKI, type JWK } from 'jose';

/** A certificate key as the JWKS publishes it, named by its RFC 7638 thumbprint. */
export interface PublicCertificateKey {
  kid: string;
  jwk: JWK;
}

function pem(spkiDer: Uint8Array): string {
  const body = Buffer.from(spkiDer).toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`;
}

/**
 * The published form of a P-256 public key given as SubjectPublicKeyInfo DER (what KMS
 * GetPublicKey returns): `{ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }`. The thumbprint as
 * `kid` means the id follows from the key itself: any verifier can check it.
 */
export async function publicCertificateKey(spkiDer: Uint8Array): Promise<PublicCertificateKey> {
  const key = await importSPKI(pem(spkiDer), 'ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(key);
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y) throw new Error('certificate keys are P-256 (ECC_NIST_P256)');
  const kid = await calculateJwkThumbprint({ kty, crv, x, y }, 'sha256');
  return { kid, jwk: { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' } };
}
