import { assessmentPathSchema } from '#shared/domain/going-out/risk-assessment.ts';
import { withdrawalSchema } from '#shared/domain/market-access/register-entry.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { goingOutAssessmentVersion } from '#shared/http/current-versions.ts';
import { goingOutAssessment } from '#shared/http/responses/market-access.ts';
import { withdrawGoingOutAssessment } from '#shared/lifecycle/going-out/risk-assessments.ts';

/** POST /going-out/risk-assessments/{id}/withdraw: the keeping bureau withdraws it; the facilitation ends with it. */
export const route = {
  summary: 'Withdraw a going-out risk assessment, with a reason (the keeping bureau)',
  roles: ['officer'],
  params: assessmentPathSchema,
  body: withdrawalSchema,
  idempotent: true,
  response: goingOutAssessment,
  currentVersion: goingOutAssessmentVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await withdrawGoingOutAssessment(params.id, body, caller) }));
