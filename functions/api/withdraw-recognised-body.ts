import { recognitionWithdrawalSchema, recognisedBodyPathSchema } from '#shared/domain/recognition/recognised-body.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { withdrawBody } from '#shared/lifecycle/recognition/recognition-register.ts';
import { recognisedBody as recognisedBodyResponse } from '#shared/http/responses/registers.ts';
import { recognisedBodyVersion } from '#shared/http/current-versions.ts';

/** POST /recognised-bodies/{id}/withdraw: HQ withdraws a recognition, with a reason; filings from now on ignore the body's results. */
export const route = {
  summary: "Withdraw a body's recognition, with a reason (HQ)",
  roles: ['hq'],
  params: recognisedBodyPathSchema,
  body: recognitionWithdrawalSchema,
  idempotent: true,
  response: recognisedBodyResponse,
  currentVersion: recognisedBodyVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await withdrawBody(params.id, body, caller) }));
