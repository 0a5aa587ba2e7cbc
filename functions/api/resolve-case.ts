import { caseResolutionSchema } from '#shared/domain/coordination/case.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { resolveCase } from '#shared/lifecycle/coordination/case-actions.ts';
import { coordinationCase as coordinationCaseResponse } from '#shared/http/responses/coordination.ts';
import { caseVersion } from '#shared/http/current-versions.ts';

/** POST /cases/{id}/resolve: the addressed bureau's answer, or, once the case has escalated, the lead bureau's or HQ's decision. */
export const route = {
  summary: 'Resolve a coordination case: the addressed bureau, or once escalated the lead bureau or HQ; this ends the escalation',
  roles: ['officer', 'hq'],
  params: idParamsSchema,
  body: caseResolutionSchema,
  idempotent: true,
  response: coordinationCaseResponse,
  currentVersion: caseVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, idempotencyKey }) => ({
  status: 200,
  body: await resolveCase(params.id, body.resolution, caller, idempotencyKey),
}));
