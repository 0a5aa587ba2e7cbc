import { certificateDocumentSchema, type CertificateDocument } from '../domain/certificates/certificate-document.ts';
import { base64url } from './base64url.ts';
import { canonicalJson } from './canonical-json.ts';
import type { CertificateSigner } from './certificate-signer.ts';
import { CERTIFICATE_JWS_ALGORITHM, CERTIFICATE_JWS_TYPE, type SignedCertificate } from './signed-certificate.ts';

/** ES256 signatures are r and s of 32 bytes each, side by side (RFC 7518 §3.4). */
const ES256_SIGNATURE_LENGTH = 64;

/**
 * Signs a certificate document: a compact JWS (RFC 7515) with protected header
 * `{ alg: 'ES256', kid, typ }` over the document's canonical JSON (RFC 8785). Any JOSE library
 * verifies it with the published JWKS. Refuses a document that is not valid, so nothing
 * invalid ever carries a bureau's signature.
 */
export async function signCertificate(document: CertificateDocument, signer: CertificateSigner): Promise<SignedCertificate> {
  const checked = certificateDocumentSchema.safeParse(document);
  if (!checked.success) {
    const where = checked.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ');
    throw new TypeError(`refusing to sign an invalid certificate document: ${where}`);
  }
  const payload = canonicalJson(document);
  const kid = await signer.kid();
  const header = canonicalJson({ alg: CERTIFICATE_JWS_ALGORITHM, kid, typ: CERTIFICATE_JWS_TYPE });
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signed = await signer.sign(new TextEncoder().encode(signingInput));
  // A key rotated between the two calls would leave a header naming the wrong key.
  if (signed.kid !== kid) throw new Error(`signer used key ${signed.kid}, the header names ${kid}`);
  if (signed.signature.length !== ES256_SIGNATURE_LENGTH) {
    throw new Error(`an ES256 signature is ${ES256_SIGNATURE_LENGTH} bytes, the signer returned ${signed.signature.length}`);
  }
  // The document handed back is the one signed, byte for byte once canonicalised.
  return { document: JSON.parse(payload) as CertificateDocument, jws: `${signingInput}.${base64url(signed.signature)}` };
}
