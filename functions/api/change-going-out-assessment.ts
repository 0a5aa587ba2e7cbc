import { assessmentChangeSchema, assessmentPathSchema } from '#shared/domain/going-out/risk-assessment.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { goingOutAssessmentVersion } from '#shared/http/current-versions.ts';
import { goingOutAssessment } from '#shared/http/responses/market-access.ts';
import { changeGoingOutAssessment } from '#shared/lifecycle/going-out/risk-assessments.ts';

/** PATCH /going-out/risk-assessments/{id}: the keeping bureau re-assesses, from the version it read. */
export const route = {
  summary: 'Re-assess a going-out risk assessment (product, risk, summary, validity), from the version read (the keeping bureau)',
  roles: ['officer'],
  params: assessmentPathSchema,
  body: assessmentChangeSchema,
  idempotent: true,
  response: goingOutAssessment,
  currentVersion: goingOutAssessmentVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await changeGoingOutAssessment(params.id, body, caller) }));
