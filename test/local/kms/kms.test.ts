import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  SignCommand,
  VerifyCommand,
  type KMSServiceException,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';
import { kmsStateFile } from '#local/kms/store.ts';
import { testManifest } from '../fixtures/manifest.ts';

/**
 * The local KMS through the real @aws-sdk/client-kms against a started local cloud, with the
 * texts AWS answers (LocalStack's AWS-validated snapshots, tests/aws/services/kms/).
 */
const dataDir = mkdtempSync(join(tmpdir(), 'local-kms-'));
const start = () => startLocalCloud({ dataDir, port: 0, awsPort: 0, manifest: testManifest, log: () => undefined });
let cloud: LocalCloud;
let kms: KMSClient;
const connect = (c: LocalCloud) => new KMSClient({ endpoint: c.awsEndpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

beforeAll(async () => {
  cloud = await start();
  kms = connect(cloud);
});
afterAll(async () => {
  kms?.destroy();
  await cloud?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The AWS error a call fails with: its name and message, as the SDK parses them. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await call;
  } catch (error) {
    const e = error as KMSServiceException;
    return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

const message = Buffer.from('出境货物通关单 Export clearance 2025/XJ/000001');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
const newKey = async () => (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'test key' }))).KeyMetadata!;
const publicKeyOf = async (keyId: string) =>
  createPublicKey({ key: Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!), format: 'der', type: 'spki' });

describe('the manifest’s signing key', () => {
  it('is created at first start under alias/<name>, and its ARN reaches the process and the functions granted it', async () => {
    const arn = process.env.SIGNING_KEY_ARN;
    expect(arn).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/Signing' }));
    expect(KeyMetadata).toMatchObject({ Arn: arn, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'signs test documents' });
    const invoked = await cloud.lambda.invoke('signer', {});
    expect(invoked.ok && (invoked.payload as { env: { signingKey: string } }).env.signingKey).toBe(arn);
  });
});

describe('CreateKey, DescribeKey, GetPublicKey, ListKeys, aliases', () => {
  it('creates an ECC_NIST_P256 SIGN_VERIFY key with the metadata AWS returns', async () => {
    const created = await newKey();
    expect(created).toEqual({
      AWSAccountId: '000000000000',
      KeyId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      Arn: `arn:aws:kms:us-east-1:000000000000:key/${created.KeyId}`,
      CreationDate: expect.any(Date),
      Enabled: true,
      Description: 'test key',
      KeyUsage: 'SIGN_VERIFY',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'ECC_NIST_P256',
      KeySpec: 'ECC_NIST_P256',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      MultiRegion: false,
    });
    for (const id of [created.KeyId!, created.Arn!]) expect((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toEqual(created);
    const { Keys } = await kms.send(new ListKeysCommand({}));
    expect(Keys).toContainEqual({ KeyId: created.KeyId, KeyArn: created.Arn });
  });

  it('returns the public key as an SPKI P-256 key, with the key spec, usage and signing algorithms', async () => {
    const created = await newKey();
    const response = await kms.send(new GetPublicKeyCommand({ KeyId: created.KeyId }));
    expect(response).toMatchObject({ KeyId: created.Arn, KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'] });
    const key = createPublicKey({ key: Buffer.from(response.PublicKey!), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(key.export({ format: 'jwk' })).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('lists aliases and refuses a second alias of one name', async () => {
    const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: 'alias/Signing' }));
    expect(Aliases).toEqual([
      { AliasName: 'alias/Signing', AliasArn: 'arn:aws:kms:us-east-1:000000000000:alias/Signing', TargetKeyId: process.env.SIGNING_KEY_ARN!.split('/')[1], CreationDate: expect.any(Date), LastUpdatedDate: expect.any(Date) },
    ]);
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/Signing', TargetKeyId: (await newKey()).KeyId })))).toEqual({
      name: 'AlreadyExistsException',
      message: 'An alias with the name arn:aws:kms:us-east-1:000000000000:alias/Signing already exists',
      status: 400,
    });
    expect((await failure(kms.send(new CreateAliasCommand({ AliasName: 'Signing2', TargetKeyId: (await newKey()).KeyId })))).name).toBe('ValidationException');
  });
});

describe('Sign and Verify', () => {
  it('signs a RAW message with a DER ECDSA signature that node:crypto verifies against the public key', async () => {
    const key = await newKey();
    const signed = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(signed).toMatchObject({ KeyId: key.Arn, SigningAlgorithm: 'ECDSA_SHA_256' });
    const signature = Buffer.from(signed.Signature!);
    expect(signature[0]).toBe(0x30); // a DER SEQUENCE { r, s }, as KMS returns, not r || s
    const publicKey = await publicKeyOf(key.KeyId!);
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('tampered'), publicKey, signature)).toBe(false);
  });

  it('signs a DIGEST as given (no second hash), and randomises signatures as KMS does', async () => {
    const key = await newKey();
    const sign = async () => Buffer.from((await kms.send(new SignCommand({ KeyId: key.Arn, Message: sha256(message), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!);
    const [first, second] = [await sign(), await sign()];
    expect(first.equals(second)).toBe(false);
    const publicKey = await publicKeyOf(key.KeyId!);
    for (const signature of [first, second]) expect(verify('sha256', message, publicKey, signature)).toBe(true);
  });

  it('verifies its own signatures, and answers a bad one with KMSInvalidSignatureException and no message', async () => {
    const key = await newKey();
    const { Signature } = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }));
    const verifyWith = (m: Buffer, s: Uint8Array, messageType: 'RAW' | 'DIGEST' = 'RAW') =>
      kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: m, MessageType: messageType, Signature: s, SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(await verifyWith(message, Signature!)).toMatchObject({ KeyId: key.Arn, SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_256' });
    expect((await verifyWith(sha256(message), Signature!, 'DIGEST')).SignatureValid).toBe(true);
    const bad = await failure(verifyWith(Buffer.from('another message'), Signature!));
    expect(bad).toMatchObject({ name: 'KMSInvalidSignatureException', status: 400 });
    expect(bad.message).not.toMatch(/valid/i); // AWS sends no message; the SDK fills in its own
    expect((await failure(verifyWith(message, Buffer.alloc(64, 1)))).name).toBe('KMSInvalidSignatureException');
  });

  it('refuses an algorithm the key spec does not pair with, a digest of the wrong length and an oversized message', async () => {
    const key = await newKey();
    const sign = (m: Buffer, messageType: 'RAW' | 'DIGEST', algorithm: SigningAlgorithmSpec = 'ECDSA_SHA_256') =>
      failure(kms.send(new SignCommand({ KeyId: key.KeyId, Message: m, MessageType: messageType, SigningAlgorithm: algorithm })));
    expect(await sign(message, 'RAW', 'ECDSA_SHA_384')).toEqual({ name: 'InvalidKeyUsageException', message: 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.', status: 400 });
    expect(await sign(message, 'RAW', 'RSASSA_PSS_SHA_256')).toMatchObject({ name: 'InvalidKeyUsageException' });
    expect(await sign(message, 'DIGEST')).toEqual({ name: 'ValidationException', message: 'Digest is invalid length for algorithm ECDSA_SHA_256.', status: 400 });
    expect(await sign(Buffer.alloc(4097), 'RAW')).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
      status: 400,
    });
  });
});

describe('errors AWS answers', () => {
  it('NotFoundException for a key id that is malformed, unknown, an unknown alias or in another region', async () => {
    const unknown = '12345678-1234-1234-1234-123456789012';
    const describe = (keyId: string) => failure(kms.send(new DescribeKeyCommand({ KeyId: keyId })));
    expect(await describe('fake-key-id')).toEqual({ name: 'NotFoundException', message: "Invalid keyId 'fake-key-id'", status: 400 });
    expect(await describe(unknown)).toEqual({ name: 'NotFoundException', message: `Key 'arn:aws:kms:us-east-1:000000000000:key/${unknown}' does not exist`, status: 400 });
    expect(await describe('alias/missing')).toEqual({ name: 'NotFoundException', message: 'Alias arn:aws:kms:us-east-1:000000000000:alias/missing is not found.', status: 400 });
    expect(await describe(`arn:aws:kms:eu-west-1:000000000000:key/${unknown}`)).toEqual({ name: 'NotFoundException', message: 'Invalid arn eu-west-1', status: 400 });
    expect((await failure(kms.send(new SignCommand({ KeyId: unknown, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' })))).name).toBe('NotFoundException');
  });

  it('ValidationException for a KeyUsage the spec cannot have, or none; UnsupportedOperationException for a kind the local KMS does not make', async () => {
    expect(await failure(kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })))).toEqual({
      name: 'ValidationException',
      message: 'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256',
      status: 400,
    });
    expect(await failure(kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256' })))).toEqual({
      name: 'ValidationException',
      message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
      status: 400,
    });
    expect((await failure(kms.send(new CreateKeyCommand({})))).name).toBe('UnsupportedOperationException');
    expect((await failure(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })))).name).toBe('UnsupportedOperationException');
  });

  it('validates members before looking up the key, listing every violation', async () => {
    const response = await fetch(cloud.awsEndpointUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Sign' },
      body: JSON.stringify({ KeyId: '', Message: 'bWVzc2FnZQ==', SigningAlgorithm: 'FOO' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'ValidationException',
      message:
        "3 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'keyId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\p{ASCII}+$; " +
        "Value 'FOO' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512, RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512, ECDSA_SHA_256, ECDSA_SHA_384, ECDSA_SHA_512, ED25519_SHA_512, ED25519_PH_SHA_512, SM2DSA, ML_DSA_SHAKE_256]",
    });
  });
});

describe('a restart on the same DATA_DIR', () => {
  it('keeps the manifest’s key (same ARN) and every created key, which still verify their old signatures', async () => {
    const arn = process.env.SIGNING_KEY_ARN;
    const created = await newKey();
    const { Signature } = await kms.send(new SignCommand({ KeyId: arn, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }));
    const publicKey = (await kms.send(new GetPublicKeyCommand({ KeyId: arn }))).PublicKey;
    expect(statSync(kmsStateFile(dataDir)!).mode & 0o777).toBe(0o600);

    kms.destroy();
    await cloud.close();
    cloud = await start();
    kms = connect(cloud);

    expect(process.env.SIGNING_KEY_ARN).toBe(arn);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: created.KeyId }))).KeyMetadata).toEqual(created);
    expect((await kms.send(new GetPublicKeyCommand({ KeyId: arn }))).PublicKey).toEqual(publicKey);
    expect((await kms.send(new VerifyCommand({ KeyId: 'alias/Signing', Message: message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid).toBe(true);
    const { Aliases } = await kms.send(new ListAliasesCommand({}));
    expect(Aliases?.filter((a) => a.AliasName === 'alias/Signing')).toHaveLength(1);
  });
});

const run = promisify(execFile);
const awsCli = await run('aws', ['--version']).then(
  () => true,
  () => false,
);

describe.skipIf(!awsCli)('the AWS CLI against the local endpoint', () => {
  it('describes the key and signs with it', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
    const aws = async (...args: string[]) => JSON.parse((await run('aws', ['--endpoint-url', cloud.awsEndpointUrl, '--output', 'json', 'kms', ...args], { env })).stdout) as Record<string, unknown>;
    expect(await aws('describe-key', '--key-id', 'alias/Signing')).toMatchObject({ KeyMetadata: { Arn: process.env.SIGNING_KEY_ARN, KeySpec: 'ECC_NIST_P256' } });
    // fileb:// passes raw bytes in CLI v1 and v2 alike (a literal blob is text in v1, base64 in v2).
    const file = join(dataDir, 'message.bin');
    writeFileSync(file, 'hello');
    const signed = await aws('sign', '--key-id', 'alias/Signing', '--message', `fileb://${file}`, '--signing-algorithm', 'ECDSA_SHA_256');
    const publicKey = await aws('get-public-key', '--key-id', 'alias/Signing');
    const key = createPublicKey({ key: Buffer.from(String(publicKey.PublicKey), 'base64'), format: 'der', type: 'spki' });
    expect(verify('sha256', Buffer.from('hello'), key, Buffer.from(String(signed.Signature), 'base64'))).toBe(true);
  });
});
