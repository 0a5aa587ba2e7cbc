import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { JSONWebKeySet } from 'jose';
import { kmsClient } from '../aws/clients.ts';
import type { CertificateSigner } from './certificate-signer.ts';
import { derToRawSignature } from './ecdsa-signature.ts';
import { publicCertificateKey, type PublicCertificateKey } from './public-jwk.ts';

/**
 * Public keys by KMS key id, once per process: a key's public half never changes, and every
 * signature and every JWKS request needs it. A failed lookup is forgotten, so the next call retries.
 */
const publicKeys = new Map<string, Promise<PublicCertificateKey>>();

/** For tests that point one key id at different keys. */
export function forgetCachedPublicKeys(): void {
  publicKeys.clear();
}

/**
 * Signs with an asymmetric KMS key (key spec ECC_NIST_P256, usage SIGN_VERIFY): the private key
 * never leaves KMS. The signing input is hashed here and sent as a DIGEST, because KMS takes at
 * most 4096 bytes of RAW message and a certificate for a train's worth of containers is larger;
 * ECDSA_SHA_256 over the digest is the same signature KMS would make of the raw message.
 */
export class KmsCertificateSigner implements CertificateSigner {
  constructor(
    private readonly keyId: string,
    private readonly client: KMSClient = kmsClient(),
  ) {}

  private publicKey(): Promise<PublicCertificateKey> {
    let key = publicKeys.get(this.keyId);
    if (!key) {
      key = this.fetchPublicKey();
      publicKeys.set(this.keyId, key);
      key.catch(() => publicKeys.delete(this.keyId));
    }
    return key;
  }

  private async fetchPublicKey(): Promise<PublicCertificateKey> {
    const out = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (out.KeySpec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !out.PublicKey) {
      throw new Error(`KMS key ${this.keyId} is ${out.KeySpec}/${out.KeyUsage}; certificates need ECC_NIST_P256 / SIGN_VERIFY`);
    }
    return publicCertificateKey(out.PublicKey);
  }

  async kid(): Promise<string> {
    return (await this.publicKey()).kid;
  }

  async sign(signingInput: Uint8Array): Promise<{ kid: string; signature: Uint8Array }> {
    const { kid } = await this.publicKey();
    const digest = createHash('sha256').update(signingInput).digest();
    const out = await this.client.send(
      new SignCommand({ KeyId: this.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    if (!out.Signature) throw new Error(`KMS returned no signature for key ${this.keyId}`);
    return { kid, signature: derToRawSignature(out.Signature) };
  }

  async publicJwks(): Promise<JSONWebKeySet> {
    return { keys: [(await this.publicKey()).jwk] };
  }
}
