import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { p256 } from '@noble/curves/nist.js';
import { mockClient } from 'aws-sdk-client-mock';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { derToRawSignature } from '#shared/certificates/ecdsa-signature.ts';
import { KmsCertificateSigner, forgetCachedPublicKeys } from '#shared/certificates/kms-certificate-signer.ts';
import { signCertificate } from '#shared/certificates/sign-certificate.ts';
import { verifyCertificate } from '#shared/certificates/verify-certificate.ts';
import { importCertificate } from './fixtures.ts';

const KEY_ID = 'arn:aws:kms:eu-central-1:111122223333:key/certificate-signing';

/** A fake KMS key backed by a real P-256 key: signs a DIGEST unhashed and answers DER, as KMS does. */
function fakeKmsKey() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const secret = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  return {
    spki: new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })),
    signDigest: (digest: Uint8Array) => p256.sign(digest, secret, { prehash: false, lowS: false, format: 'der' }),
    pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

const kms = mockClient(KMSClient);
let key: ReturnType<typeof fakeKmsKey>;

beforeEach(() => {
  forgetCachedPublicKeys();
  kms.reset();
  key = fakeKmsKey();
  kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ID, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: key.spki, SigningAlgorithms: ['ECDSA_SHA_256'] });
  kms.on(SignCommand).callsFake((input: { Message?: Uint8Array; MessageType?: string; SigningAlgorithm?: string }) => {
    if (input.MessageType !== 'DIGEST' || input.SigningAlgorithm !== 'ECDSA_SHA_256' || input.Message?.length !== 32) throw new Error('unexpected Sign request');
    return { KeyId: KEY_ID, Signature: key.signDigest(input.Message), SigningAlgorithm: 'ECDSA_SHA_256' };
  });
});

afterEach(() => kms.reset());

describe('KmsCertificateSigner', () => {
  it('signs the SHA-256 digest of the signing input in KMS and returns r || s that verifies', async () => {
    const signer = new KmsCertificateSigner(KEY_ID, new KMSClient({ region: 'eu-central-1' }));
    const input = new TextEncoder().encode('header.payload');
    const { kid, signature } = await signer.sign(input);
    expect(signature).toHaveLength(64);
    expect(kid).toBe(await signer.kid());
    const [call] = kms.commandCalls(SignCommand);
    expect(call?.args[0].input).toMatchObject({ KeyId: KEY_ID, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(Buffer.from(call?.args[0].input.Message ?? []).equals(createHash('sha256').update(input).digest())).toBe(true);
    // The same key as the private half, published as a JWK named by its thumbprint.
    const { keys } = await signer.publicJwks();
    const published = keys[0];
    expect(published).toMatchObject({ kty: 'EC', crv: 'P-256', kid, alg: 'ES256', use: 'sig' });
    const own = createPublicKey(createPrivateKey(key.pem)).export({ format: 'jwk' });
    expect([published?.x, published?.y]).toEqual([own.x, own.y]);
  });

  it('makes certificates that verify against its JWKS, signature after signature (DER lengths vary)', async () => {
    const signer = new KmsCertificateSigner(KEY_ID, new KMSClient({ region: 'eu-central-1' }));
    const jwks = await signer.publicJwks();
    for (let i = 0; i < 24; i++) {
      const certificate = await signCertificate(importCertificate(), signer);
      await expect(compactVerify(certificate.jws, createLocalJWKSet(jwks))).resolves.toBeDefined();
      expect((await verifyCertificate(certificate, jwks)).valid).toBe(true);
    }
  });

  it('asks KMS for the public key once per process and key id', async () => {
    const client = new KMSClient({ region: 'eu-central-1' });
    const first = new KmsCertificateSigner(KEY_ID, client);
    const second = new KmsCertificateSigner(KEY_ID, client);
    await Promise.all([first.kid(), first.publicJwks(), second.kid(), first.sign(new Uint8Array([1]))]);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    await new KmsCertificateSigner('another-key', client).kid();
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(2);
  });

  it('refuses a key that is not a P-256 signing key, and asks again next time', async () => {
    kms
      .on(GetPublicKeyCommand)
      .resolvesOnce({ KeyId: KEY_ID, KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', PublicKey: key.spki })
      .resolves({ KeyId: KEY_ID, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: key.spki });
    const signer = new KmsCertificateSigner(KEY_ID, new KMSClient({ region: 'eu-central-1' }));
    await expect(signer.kid()).rejects.toThrow(/RSA_2048.*ECC_NIST_P256/);
    await expect(signer.kid()).resolves.toMatch(/^[\w-]{43}$/);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(2);
  });

  it('fails when KMS returns no signature', async () => {
    kms.on(SignCommand).resolves({ KeyId: KEY_ID });
    const signer = new KmsCertificateSigner(KEY_ID, new KMSClient({ region: 'eu-central-1' }));
    await expect(signer.sign(new Uint8Array([1]))).rejects.toThrow(/no signature/);
  });
});

describe('derToRawSignature', () => {
  const der = (r: number[], s: number[]) => new Uint8Array([0x30, r.length + s.length + 4, 0x02, r.length, ...r, 0x02, s.length, ...s]);

  it('strips the sign byte of a high-bit integer and left-pads a short one', () => {
    const r = [0x00, 0x80, ...new Array<number>(31).fill(1)];
    const s = [0x05, 0x06];
    const raw = derToRawSignature(der(r, s));
    expect(raw).toHaveLength(64);
    expect([...raw.subarray(0, 32)]).toEqual([0x80, ...new Array<number>(31).fill(1)]);
    expect([...raw.subarray(32)]).toEqual([...new Array<number>(30).fill(0), 0x05, 0x06]);
  });

  it('refuses what is not a DER ECDSA signature', () => {
    expect(() => derToRawSignature(new Uint8Array([0x31, 0x00]))).toThrow(/SEQUENCE/);
    expect(() => derToRawSignature(der([1], [2]).subarray(0, 6))).toThrow();
    expect(() => derToRawSignature(der(new Array<number>(33).fill(1), [2]))).toThrow(/longer than the curve/);
    expect(() => derToRawSignature(new Uint8Array([...der([1], [2]), 0]))).toThrow();
  });
});
