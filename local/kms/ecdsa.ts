import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ECC_KEY_SPECS, type MessageType, type SupportedKeySpec } from './key-specs.ts';

/**
 * ECDSA as AWS KMS does it. A RAW message is hashed with the algorithm's hash; a DIGEST is signed
 * as given. The signature is DER (`SEQUENCE { r INTEGER, s INTEGER }`), not normalised to low S,
 * and randomised (two signatures of one message differ), like KMS's.
 *
 * Keys are generated and kept by node:crypto. Signing uses @noble/curves because node:crypto
 * always hashes what it signs, and a DIGEST must be signed without hashing it again.
 */
export interface EcdsaKey {
  readonly spec: SupportedKeySpec;
  /** SubjectPublicKeyInfo, DER: what GetPublicKey returns. */
  readonly publicKeySpki: Buffer;
  sign(message: Buffer, messageType: MessageType): Buffer;
  /** False for a signature that does not verify, including one that is not DER at all. */
  verify(message: Buffer, messageType: MessageType, signature: Buffer): boolean;
}

export function generatePrivateKeyPem(spec: SupportedKeySpec): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: ECC_KEY_SPECS[spec].namedCurve });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

const coordinate = (value: string | undefined) => {
  if (!value) throw new Error('The stored key is not an elliptic curve private key');
  return Buffer.from(value, 'base64url');
};

export function ecdsaKey(spec: SupportedKeySpec, privateKeyPem: string): EcdsaKey {
  const { curve, hash } = ECC_KEY_SPECS[spec];
  const privateKey: KeyObject = createPrivateKey(privateKeyPem);
  const jwk = privateKey.export({ format: 'jwk' });
  const secret = coordinate(jwk.d);
  // The uncompressed point (0x04 || x || y), the form @noble/curves verifies with.
  const point = Buffer.concat([Buffer.from([4]), coordinate(jwk.x), coordinate(jwk.y)]);
  const digestOf = (message: Buffer, messageType: MessageType) =>
    messageType === 'DIGEST' ? message : createHash(hash).update(message).digest();
  return {
    spec,
    publicKeySpki: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }),
    sign: (message, messageType) =>
      Buffer.from(curve.sign(digestOf(message, messageType), secret, { prehash: false, lowS: false, format: 'der', extraEntropy: true })),
    verify(message, messageType, signature) {
      try {
        return curve.verify(signature, digestOf(message, messageType), point, { prehash: false, lowS: false, format: 'der' });
      } catch {
        return false; // not a DER signature of this curve's size
      }
    },
  };
}
