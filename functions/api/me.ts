import { apiRoute } from '#shared/http/api-route.ts';
import { callerIdentity as callerIdentityResponse } from '#shared/http/responses/service.ts';

/** GET /me: who the token says the caller is, read the way every other handler reads it. */
export const route = {
  summary: 'The caller identity the token carries (bureau, role, enterprise)',
  roles: ['officer', 'declarant', 'hq'],
  response: callerIdentityResponse,
} as const;

export const handler = apiRoute(route, async ({ caller }) => ({ status: 200, body: caller }));
