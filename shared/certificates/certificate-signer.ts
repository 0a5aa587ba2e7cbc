import type { JSONWebKeySet } from 'jose';

/**
 * The port behind which the private key lives: KMS on AWS and in the local cloud
 * (`KmsCertificateSigner`), a key in memory in tests (`KeyCertificateSigner`). The JWS is put
 * together around it (sign-certificate.ts), so no signer needs a JOSE library.
 */
export interface CertificateSigner {
  /**
   * The id (`kid`, RFC 7638 thumbprint) of the key that will sign next. The protected header
   * names it, and the header is part of what is signed, so it is needed before signing.
   */
  kid(): Promise<string>;
  /** ES256 over the JWS signing input: the raw `r || s` signature (64 bytes) and the key used. */
  sign(signingInput: Uint8Array): Promise<{ kid: string; signature: Uint8Array }>;
  /** The public keys a verifier needs, as published at /.well-known/certificate-keys.json. */
  publicJwks(): Promise<JSONWebKeySet>;
}
