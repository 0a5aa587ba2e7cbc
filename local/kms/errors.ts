import { localArn } from '../arns.ts';

/**
 * What a KMS call answers when it fails: HTTP 400 with `{"__type": <exception>, "message": ...}`.
 * Some AWS exceptions carry no message at all (KMSInvalidSignatureException), so neither does
 * this one then. The texts below are AWS's, as recorded against the real service in LocalStack's
 * snapshot tests (tests/aws/services/kms/test_kms.snapshot.json) and other AWS-validated suites.
 */
export class KmsError extends Error {
  constructor(
    readonly type: string,
    readonly text: string | undefined,
    readonly status = 400,
  ) {
    super(text ?? type);
    this.name = type;
  }
}

export const keyArn = (keyId: string) => localArn('kms', `key/${keyId}`);
export const aliasArn = (aliasName: string) => localArn('kms', aliasName);

export const validation = (violations: string[]) =>
  new KmsError('ValidationException', `${violations.length} validation error${violations.length > 1 ? 's' : ''} detected: ${violations.join('; ')}`);
export const invalidKeyId = (text: string) => new KmsError('NotFoundException', `Invalid keyId ${text}`);
export const keyDoesNotExist = (arn: string) => new KmsError('NotFoundException', `Key '${arn}' does not exist`);
export const aliasNotFound = (aliasName: string) => new KmsError('NotFoundException', `Alias ${aliasArn(aliasName)} is not found.`);
export const invalidArnRegion = (region: string) => new KmsError('NotFoundException', `Invalid arn ${region}`);
export const incompatibleAlgorithm = (algorithm: string, keySpec: string) =>
  new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`);
export const invalidDigestLength = (algorithm: string) => new KmsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
export const invalidSignature = () => new KmsError('KMSInvalidSignatureException', undefined);
export const invalidMarker = () => new KmsError('InvalidMarkerException', 'Invalid marker');
