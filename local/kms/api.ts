import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../arns.ts';
import { keysetPage } from '../keyset-page.ts';
import { ecdsaKey, generatePrivateKeyPem, type EcdsaKey } from './ecdsa.ts';
import {
  aliasArn,
  aliasNotFound,
  incompatibleAlgorithm,
  invalidArnRegion,
  invalidDigestLength,
  invalidKeyId,
  invalidMarker,
  invalidSignature,
  keyArn,
  keyDoesNotExist,
  KmsError,
} from './errors.ts';
import { ECC_KEY_SPECS, isSupportedKeySpec, KEY_SPECS, KEY_USAGES, MESSAGE_TYPES, SIGNING_ALGORITHMS, type SupportedKeySpec } from './key-specs.ts';
import type { Members } from './members.ts';
import type { AliasRecord, KeyRecord, KmsStore } from './store.ts';

/**
 * The KMS JSON 1.1 API, one function per `X-Amz-Target: TrentService.<Op>`, for asymmetric
 * signing keys: CreateKey, DescribeKey, ListKeys, GetPublicKey, Sign, Verify, CreateAlias,
 * ListAliases. Checks run in AWS's order: the request's members, then the key (found, usage),
 * then the algorithm against the key spec, then the digest length. Timestamps go out as epoch
 * seconds, blobs as base64, as the SDK expects.
 */
export interface KmsContext {
  store: KmsStore;
  /** Epoch milliseconds (the local cloud's clock). */
  now(): number;
}

type Operation = (context: KmsContext, members: Members) => unknown;

const KEY_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$|^mrk-[0-9a-fA-F]{32}$/;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9:/_-]+$/;
const MAX_MESSAGE_BYTES = 4096;
const MAX_SIGNATURE_BYTES = 6144;
const seconds = (ms: number) => ms / 1000;

// The private key is parsed once per key and process, not per Sign.
const loaded = new WeakMap<KeyRecord, EcdsaKey>();
function cryptoKey(record: KeyRecord): EcdsaKey {
  let key = loaded.get(record);
  if (!key) loaded.set(record, (key = ecdsaKey(record.keySpec, record.privateKey)));
  return key;
}

const keyIdMember = (members: Members, member = 'KeyId', field = 'keyId') => members.string(member, field, { required: true, min: 1, max: 2048, ascii: true });

/** A key by id, key ARN, alias name or alias ARN, with AWS's NotFoundException for each form. */
function findKey(store: KmsStore, given: string): KeyRecord {
  let keyId = given;
  let aliasName: string | undefined;
  let named = keyArn(given);
  if (given.startsWith('arn:')) {
    const [, , , region = '', , ...rest] = given.split(':');
    const resource = rest.join(':');
    if (resource.startsWith('alias/')) aliasName = resource;
    else if (resource.startsWith('key/')) {
      if (region !== LOCAL_REGION) throw invalidArnRegion(region);
      keyId = resource.slice('key/'.length);
      // AWS quotes the id it could not parse only when it was given bare.
      if (!KEY_ID.test(keyId)) throw invalidKeyId(keyId);
      named = given;
    } else throw invalidKeyId(`'${given}'`);
  } else if (given.startsWith('alias/')) aliasName = given;
  if (aliasName !== undefined) {
    const alias = store.aliases.get(aliasName);
    if (!alias) throw aliasNotFound(aliasName);
    keyId = alias.targetKeyId;
    named = keyArn(keyId);
  } else if (!KEY_ID.test(keyId)) throw invalidKeyId(`'${keyId}'`);
  const key = store.keys.get(keyId);
  if (!key) throw keyDoesNotExist(named);
  return key;
}

function keyMetadata(key: KeyRecord) {
  return {
    AWSAccountId: LOCAL_ACCOUNT,
    KeyId: key.keyId,
    Arn: keyArn(key.keyId),
    CreationDate: seconds(key.creationDate),
    Enabled: true,
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    SigningAlgorithms: [ECC_KEY_SPECS[key.keySpec].signingAlgorithm],
    MultiRegion: false,
  };
}

const aliasEntry = (alias: AliasRecord) => ({
  AliasName: alias.aliasName,
  AliasArn: aliasArn(alias.aliasName),
  TargetKeyId: alias.targetKeyId,
  CreationDate: seconds(alias.creationDate),
  LastUpdatedDate: seconds(alias.lastUpdatedDate),
});

function page<T>(items: Iterable<T>, members: Members, key: (item: T) => string) {
  const limit = members.integer('Limit', 'limit', { min: 1, max: 1000 });
  const marker = members.string('Marker', 'marker', { min: 1, max: 1024 });
  members.check();
  const { items: slice, nextToken } = keysetPage(items, { key: (item) => [key(item)], limit: limit ?? 100, token: marker, invalidToken: invalidMarker });
  return { slice, more: nextToken === undefined ? { Truncated: false } : { Truncated: true, NextMarker: nextToken } };
}

/** The key spec CreateKey asked for, refused with AWS's message when the usage does not fit it. */
function requestedSpec(members: Members): { spec: SupportedKeySpec; usage: 'SIGN_VERIFY' } {
  const keySpec = members.enumValue('KeySpec', 'keySpec', KEY_SPECS);
  const legacySpec = members.enumValue('CustomerMasterKeySpec', 'customerMasterKeySpec', KEY_SPECS);
  const usage = members.enumValue('KeyUsage', 'keyUsage', KEY_USAGES);
  const origin = members.enumValue('Origin', 'origin', ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const);
  members.string('Description', 'description', { max: 8192 });
  const multiRegion = members.boolean('MultiRegion');
  members.check();
  if (keySpec !== undefined && legacySpec !== undefined) {
    throw new KmsError('ValidationException', 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec instead.');
  }
  const spec = keySpec ?? legacySpec ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT' && usage === undefined) {
    throw new KmsError('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const effectiveUsage = usage ?? 'ENCRYPT_DECRYPT';
  if (spec.startsWith('ECC_NIST_P') && effectiveUsage !== 'SIGN_VERIFY' && effectiveUsage !== 'KEY_AGREEMENT') {
    throw new KmsError('ValidationException', `KeyUsage ${effectiveUsage} is not compatible with KeySpec ${spec}`);
  }
  if (!isSupportedKeySpec(spec) || effectiveUsage !== 'SIGN_VERIFY' || (origin ?? 'AWS_KMS') !== 'AWS_KMS' || multiRegion === true) {
    throw new KmsError(
      'UnsupportedOperationException',
      `The local KMS creates only single-Region ${Object.keys(ECC_KEY_SPECS).join(', ')} keys for SIGN_VERIFY with origin AWS_KMS (asked: ${spec}, ${effectiveUsage}).`,
    );
  }
  return { spec, usage: effectiveUsage };
}

/** Sign and Verify share their checks: members, key, usage, algorithm for the spec, digest length. */
function signingRequest(context: KmsContext, members: Members, withSignature: boolean) {
  const keyId = keyIdMember(members);
  const message = members.blob('Message', 'message', { min: 1, max: MAX_MESSAGE_BYTES, sensitive: true });
  const signature = withSignature ? members.blob('Signature', 'signature', { min: 1, max: MAX_SIGNATURE_BYTES }) : undefined;
  const messageType = members.enumValue('MessageType', 'messageType', MESSAGE_TYPES) ?? 'RAW';
  const algorithm = members.enumValue('SigningAlgorithm', 'signingAlgorithm', SIGNING_ALGORITHMS, true);
  members.check();
  const record = findKey(context.store, keyId);
  const arn = keyArn(record.keyId);
  // AWS checks the key usage here (InvalidKeyUsageException); every local key is SIGN_VERIFY.
  const spec = ECC_KEY_SPECS[record.keySpec];
  if (algorithm !== spec.signingAlgorithm) throw incompatibleAlgorithm(algorithm, record.keySpec);
  if (messageType === 'EXTERNAL_MU') throw new KmsError('ValidationException', `Message type EXTERNAL_MU is incompatible with key spec ${record.keySpec}.`);
  if (messageType === 'DIGEST' && message.length !== spec.digestBytes) throw invalidDigestLength(algorithm);
  return { record, arn, key: cryptoKey(record), message, messageType, algorithm, signature };
}

export const OPERATIONS: Record<string, Operation> = {
  CreateKey(context, members) {
    const { spec, usage } = requestedSpec(members);
    const record: KeyRecord = {
      keyId: randomUUID(),
      keySpec: spec,
      keyUsage: usage,
      description: members.string('Description', 'description') ?? '',
      creationDate: context.now(),
      privateKey: generatePrivateKeyPem(spec),
    };
    context.store.keys.set(record.keyId, record);
    context.store.save();
    return { KeyMetadata: keyMetadata(record) };
  },

  DescribeKey(context, members) {
    const keyId = keyIdMember(members);
    members.check();
    return { KeyMetadata: keyMetadata(findKey(context.store, keyId)) };
  },

  ListKeys(context, members) {
    const { slice, more } = page(context.store.keys.values(), members, (k) => k.keyId);
    return { Keys: slice.map((k) => ({ KeyId: k.keyId, KeyArn: keyArn(k.keyId) })), ...more };
  },

  GetPublicKey(context, members) {
    const keyId = keyIdMember(members);
    members.check();
    const record = findKey(context.store, keyId);
    return {
      KeyId: keyArn(record.keyId),
      PublicKey: cryptoKey(record).publicKeySpki.toString('base64'),
      CustomerMasterKeySpec: record.keySpec,
      KeySpec: record.keySpec,
      KeyUsage: record.keyUsage,
      SigningAlgorithms: [ECC_KEY_SPECS[record.keySpec].signingAlgorithm],
    };
  },

  Sign(context, members) {
    const { arn, key, message, messageType, algorithm } = signingRequest(context, members, false);
    return { KeyId: arn, Signature: key.sign(message, messageType).toString('base64'), SigningAlgorithm: algorithm };
  },

  Verify(context, members) {
    const { arn, key, message, messageType, algorithm, signature } = signingRequest(context, members, true);
    // AWS never answers SignatureValid: false; a signature that does not verify is an error.
    if (!signature || !key.verify(message, messageType, signature)) throw invalidSignature();
    return { KeyId: arn, SignatureValid: true, SigningAlgorithm: algorithm };
  },

  CreateAlias(context, members) {
    const aliasName = members.string('AliasName', 'aliasName', { required: true, min: 1, max: 256 });
    const targetKeyId = keyIdMember(members, 'TargetKeyId', 'targetKeyId');
    members.check();
    if (!aliasName.startsWith('alias/')) {
      throw new KmsError('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
    }
    if (!ALIAS_NAME.test(aliasName)) {
      throw new KmsError('ValidationException', `1 validation error detected: Value '${aliasName}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`);
    }
    if (aliasName.startsWith('alias/aws/')) throw new KmsError('NotAuthorizedException', 'Cannot create alias with prefix alias/aws/');
    if (context.store.aliases.has(aliasName)) throw new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn(aliasName)} already exists`);
    const target = findKey(context.store, targetKeyId);
    const now = context.now();
    context.store.aliases.set(aliasName, { aliasName, targetKeyId: target.keyId, creationDate: now, lastUpdatedDate: now });
    context.store.save();
    return {};
  },

  ListAliases(context, members) {
    const keyId = members.string('KeyId', 'keyId', { min: 1, max: 2048, ascii: true });
    members.check();
    const target = keyId === undefined ? undefined : findKey(context.store, keyId).keyId;
    const aliases = [...context.store.aliases.values()].filter((a) => target === undefined || a.targetKeyId === target);
    const { slice, more } = page(aliases, members, (a) => a.aliasName);
    return { Aliases: slice.map(aliasEntry), ...more };
  },
};
