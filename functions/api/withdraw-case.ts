import { caseWithdrawalSchema } from '#shared/domain/coordination/case.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { withdrawCase } from '#shared/lifecycle/coordination/case-actions.ts';
import { coordinationCase as coordinationCaseResponse } from '#shared/http/responses/coordination.ts';
import { caseVersion } from '#shared/http/current-versions.ts';

/** POST /cases/{id}/withdraw: the bureau that opened the case calls it off, saying why. */
export const route = {
  summary: 'Withdraw a coordination case (the bureau that opened it)',
  roles: ['officer'],
  params: idParamsSchema,
  body: caseWithdrawalSchema,
  idempotent: true,
  response: coordinationCaseResponse,
  currentVersion: caseVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, idempotencyKey }) => ({
  status: 200,
  body: await withdrawCase(params.id, body.reason, caller, idempotencyKey),
}));
