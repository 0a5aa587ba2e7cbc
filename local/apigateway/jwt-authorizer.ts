import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

/**
 * API Gateway HTTP API's JWT authorizer: the token comes from the Authorization header (with or
 * without `Bearer `), must be signed with an RSA key from the issuer's JWKS, carry the
 * configured `iss`, an `aud` (or, only when there is no `aud`, a `client_id`) among the
 * configured audiences, and be within its `exp`/`nbf`. The verified claims reach the handler
 * at `requestContext.authorizer.jwt`, with their values turned into strings as API Gateway does.
 */
export type AuthorizerResult =
  | { ok: true; claims: Record<string, string>; scopes: string[] | null }
  | { ok: false; detail: string; wwwAuthenticate: string };

export interface JwtAuthorizer {
  authorize(authorizationHeader: string | undefined): Promise<AuthorizerResult>;
}

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/** API Gateway's rendering of a claim: strings as they are, arrays as `[a b]`, others as JSON. */
export function stringifyClaim(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(stringifyClaim).join(' ')}]`;
  return JSON.stringify(value);
}

function scopesOf(payload: JWTPayload): string[] | null {
  const scope = payload.scope ?? payload.scp;
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  if (Array.isArray(scope)) return scope.map(String);
  return null;
}

function describe(error: unknown, issuer: string): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return `The token was not issued by ${issuer}.`;
    if (error.claim === 'nbf') return 'The token is not valid yet.';
    if (error.claim === 'exp') return 'The token has no expiry (exp).';
    return `The token's ${error.claim} claim is not valid: ${error.message}.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (error instanceof errors.JWKSNoMatchingKey) return "No key in the issuer's JWKS matches the token's kid.";
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token is not signed with an RSA algorithm.';
  if (error instanceof errors.JOSEError) return 'The token is not a well-formed JWT.';
  throw error;
}

export function createJwtAuthorizer(options: { issuer: string; audiences: string[]; jwks: JSONWebKeySet }): JwtAuthorizer {
  const keys = createLocalJWKSet(options.jwks);
  const { issuer, audiences } = options;
  const fail = (detail: string): AuthorizerResult => ({
    ok: false,
    detail,
    wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${detail.replaceAll('"', "'")}"`,
  });

  return {
    async authorize(header) {
      if (!header) return { ok: false, detail: 'The request has no Authorization header.', wwwAuthenticate: 'Bearer' };
      const token = header.replace(/^Bearer\s+/i, '').trim();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, { issuer, algorithms: RSA_ALGORITHMS, requiredClaims: ['exp'] }));
      } catch (error) {
        return fail(describe(error, issuer));
      }
      const aud = payload.aud;
      const presented = aud !== undefined ? (Array.isArray(aud) ? aud : [aud]) : typeof payload.client_id === 'string' ? [payload.client_id] : [];
      if (!presented.some((a) => audiences.includes(a))) return fail('The token is not meant for this API (aud or client_id).');
      const claims = Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, stringifyClaim(value)]));
      return { ok: true, claims, scopes: scopesOf(payload) };
    },
  };
}
