import { recognisedBodyRegistrationSchema } from '#shared/domain/recognition/recognised-body.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { registerBody } from '#shared/lifecycle/recognition/recognition-register.ts';
import { recognisedBody as recognisedBodyResponse } from '#shared/http/responses/registers.ts';

/** POST /recognised-bodies: HQ adds a foreign third-party body whose results filings may rely on (408号 三（八）). */
export const route = {
  summary: 'Register a recognised foreign inspection, testing or certification body (HQ)',
  roles: ['hq'],
  body: recognisedBodyRegistrationSchema,
  idempotent: true,
  response: recognisedBodyResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const registered = await registerBody(body, caller);
  return { status: 201, headers: { location: `/recognised-bodies/${encodeURIComponent(registered.id)}` }, body: registered };
});
