import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import type { CertificateSigner } from './certificate-signer.ts';
import { publicCertificateKey, type PublicCertificateKey } from './public-jwk.ts';

/**
 * Signs with a P-256 private key held in this process: for tests (the lead's and these), and
 * for tools that sign fixtures. Production keys stay in KMS (`KmsCertificateSigner`).
 */
export class KeyCertificateSigner implements CertificateSigner {
  private readonly publicKey: Promise<PublicCertificateKey>;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new TypeError('a certificate key is a P-256 private key');
    }
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    this.publicKey = publicCertificateKey(new Uint8Array(spki));
  }

  /** A fresh random key. */
  static generate(): KeyCertificateSigner {
    return new KeyCertificateSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  }

  /** From a private JWK (`d` included) or PKCS#8 PEM. */
  static from(key: JWK | string): KeyCertificateSigner {
    return new KeyCertificateSigner(typeof key === 'string' ? createPrivateKey(key) : createPrivateKey({ key: { ...key } as NodeJwk, format: 'jwk' }));
  }

  async kid(): Promise<string> {
    return (await this.publicKey).kid;
  }

  async sign(signingInput: Uint8Array): Promise<{ kid: string; signature: Uint8Array }> {
    // ieee-p1363 is the raw r || s form JWS uses.
    const signature = sign('sha256', signingInput, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return { kid: await this.kid(), signature: new Uint8Array(signature) };
  }

  async publicJwks(): Promise<JSONWebKeySet> {
    return { keys: [(await this.publicKey).jwk] };
  }
}
