import { publicRoute } from '#shared/http/api-route.ts';
import { certificateSigner } from '#shared/lifecycle/ports.ts';
import { jwks as jwksResponse } from '#shared/http/responses/certificates.ts';

/** GET /.well-known/certificate-keys.json: the JWKS that verifies every certificate, offline. */
export const route = {
  summary: 'The public keys (JWKS) that certificates are signed with',
  response: jwksResponse,
} as const;

export const handler = publicRoute({}, async () => ({
  status: 200,
  headers: { 'cache-control': 'public, max-age=300' },
  body: await certificateSigner().publicJwks(),
}));
