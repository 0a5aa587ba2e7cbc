import type { CertificateDocument } from '../domain/certificates/certificate-document.ts';

/**
 * A signed certificate as stored, served and attached to its PDF: the readable document and
 * the compact JWS whose payload is that document's RFC 8785 canonical JSON. The JWS alone is
 * the proof; `document` is there to be read, and a verifier checks that it says what the
 * signed payload says (docs/certificates.md).
 */
export interface SignedCertificate {
  document: CertificateDocument;
  jws: string;
}

/** The JWS `typ` header: tells a certificate from any other JWS signed with the same key. */
export const CERTIFICATE_JWS_TYPE = 'cr-express-certificate+jws';

/** The only algorithm: ECDSA P-256 with SHA-256, what KMS keys of spec ECC_NIST_P256 make. */
export const CERTIFICATE_JWS_ALGORITHM = 'ES256';

/** The name of the signed certificate attached to its PDF. */
export const CERTIFICATE_ATTACHMENT_NAME = 'certificate.json';
