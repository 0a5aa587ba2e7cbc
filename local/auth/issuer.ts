import { createHash, randomUUID } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { CLAIM, callerIdentitySchema, type CallerRole } from '../../shared/auth/claims.ts';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key.ts';

/**
 * The local stand-in for the Cognito user pool: it mints ID tokens with Cognito's claim names
 * and publishes its keys where a JWT authorizer looks for them (`{issuer}/.well-known/jwks.json`).
 */

/** The app client id; Cognito puts it in an ID token's `aud`. */
export const LOCAL_CLIENT_ID = 'cr-express-local';
/** Cognito's default ID token lifetime. */
export const DEFAULT_TOKEN_SECONDS = 3600;

export interface TokenRequest {
  bureau: string;
  role: CallerRole;
  /** Credit code of the enterprise a declarant acts for. */
  enterprise?: string;
  /** The user's `sub`; by default a stable UUID derived from bureau, role and enterprise. */
  subject?: string;
  /** `cognito:username`; by default derived from role and bureau (or enterprise). */
  username?: string;
  expiresInSeconds?: number;
}

export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  jwks(): JSONWebKeySet;
  openIdConfiguration(): Record<string, unknown>;
  /** A signed Cognito-shaped ID token for a caller; rejects a request that breaks the identity rules. */
  mintToken(request: TokenRequest): Promise<string>;
  /** Signs arbitrary claims with the issuer's key (tests use it to build tokens that must fail). */
  signToken(payload: JWTPayload): Promise<string>;
}

/** A UUID-shaped id that stays the same for the same person, as a Cognito `sub` does. */
function stableSubject(...parts: Array<string | undefined>): string {
  const hex = createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createLocalIssuer(options: { key: SigningKey; issuer: string; audience?: string }): LocalIssuer {
  const { key, issuer } = options;
  const audience = options.audience ?? LOCAL_CLIENT_ID;
  const signToken = (payload: JWTPayload) =>
    new SignJWT(payload).setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid }).sign(key.privateKey);

  return {
    issuer,
    audience,
    jwks: () => ({ keys: [key.publicJwk] }),
    openIdConfiguration: () => ({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      scopes_supported: ['openid'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'token_use', CLAIM.username, CLAIM.bureau, CLAIM.role, CLAIM.enterprise],
    }),
    async mintToken(request) {
      const subject = request.subject ?? stableSubject(request.bureau, request.role, request.enterprise);
      const caller = callerIdentitySchema.parse({ subject, bureau: request.bureau, role: request.role, enterprise: request.enterprise });
      const now = Math.floor(Date.now() / 1000);
      return signToken({
        sub: caller.subject,
        iss: issuer,
        aud: audience,
        token_use: 'id',
        auth_time: now,
        iat: now,
        exp: now + (request.expiresInSeconds ?? DEFAULT_TOKEN_SECONDS),
        jti: randomUUID(),
        [CLAIM.username]: request.username ?? `${caller.role}-${(caller.enterprise ?? caller.bureau).toLowerCase()}`,
        [CLAIM.bureau]: caller.bureau,
        [CLAIM.role]: caller.role,
        ...(caller.enterprise !== undefined && { [CLAIM.enterprise]: caller.enterprise }),
      });
    },
    signToken,
  };
}

/**
 * Which issuer and audience the running local cloud uses, written at start so the token CLI
 * (a separate process) mints tokens the HTTP API accepts.
 */
export interface IssuerSettings {
  issuer: string;
  audience: string;
}

const settingsFile = (dataDir: string) => join(dataDir, 'auth', 'issuer.json');

export async function writeIssuerSettings(dataDir: string, settings: IssuerSettings): Promise<void> {
  await mkdir(join(dataDir, 'auth'), { recursive: true });
  await writeFile(settingsFile(dataDir), JSON.stringify(settings, null, 2));
}

export async function readIssuerSettings(dataDir: string): Promise<IssuerSettings | undefined> {
  try {
    const parsed = JSON.parse(await readFile(settingsFile(dataDir), 'utf8')) as Partial<IssuerSettings>;
    return typeof parsed.issuer === 'string' && typeof parsed.audience === 'string' ? { issuer: parsed.issuer, audience: parsed.audience } : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
