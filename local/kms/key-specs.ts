import { p256, p384, p521 } from '@noble/curves/nist.js';

/**
 * The KMS key specs the local KMS implements: the NIST elliptic curves for SIGN_VERIFY, each with
 * the one ECDSA algorithm AWS KMS pairs with it (its `SigningAlgorithms`). Every other spec AWS
 * knows is accepted as a value and refused as unsupported here, so a typo and a missing feature
 * answer differently, as they would on AWS.
 */
export interface EccKeySpec {
  /** node:crypto's name of the curve, for key generation. */
  readonly namedCurve: 'P-256' | 'P-384' | 'P-521';
  readonly signingAlgorithm: 'ECDSA_SHA_256' | 'ECDSA_SHA_384' | 'ECDSA_SHA_512';
  /** The hash of the signing algorithm, and its digest length (what MessageType DIGEST must be). */
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  readonly digestBytes: number;
  /** ECDSA over a digest the caller supplies; node:crypto only signs messages it hashes itself. */
  readonly curve: typeof p256;
}

export const ECC_KEY_SPECS = {
  ECC_NIST_P256: { namedCurve: 'P-256', signingAlgorithm: 'ECDSA_SHA_256', hash: 'sha256', digestBytes: 32, curve: p256 },
  ECC_NIST_P384: { namedCurve: 'P-384', signingAlgorithm: 'ECDSA_SHA_384', hash: 'sha384', digestBytes: 48, curve: p384 },
  ECC_NIST_P521: { namedCurve: 'P-521', signingAlgorithm: 'ECDSA_SHA_512', hash: 'sha512', digestBytes: 64, curve: p521 },
} as const satisfies Record<string, EccKeySpec>;

export type SupportedKeySpec = keyof typeof ECC_KEY_SPECS;

export const isSupportedKeySpec = (spec: string): spec is SupportedKeySpec => Object.hasOwn(ECC_KEY_SPECS, spec);

/** AWS's enums, in the order AWS lists them in its validation messages. */
export const KEY_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519',
  'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
] as const;
export const KEY_USAGES = ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;
export const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'ED25519_SHA_512', 'ED25519_PH_SHA_512', 'SM2DSA',
  'ML_DSA_SHAKE_256',
] as const;
export const MESSAGE_TYPES = ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const;

export type KeyUsage = (typeof KEY_USAGES)[number];
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];
