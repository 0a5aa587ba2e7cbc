import { assessmentPathSchema } from '#shared/domain/going-out/risk-assessment.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { goingOutAssessmentDetail } from '#shared/http/responses/market-access.ts';
import { assessmentDetail } from '#shared/lifecycle/going-out/risk-assessments.ts';

/** GET /going-out/risk-assessments/{id}: HQ and bureaus with its history; the enterprise its own. */
export const route = {
  summary: 'Read a going-out risk assessment; HQ and bureaus also get its audit history',
  roles: ['officer', 'declarant', 'hq'],
  params: assessmentPathSchema,
  response: goingOutAssessmentDetail,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await assessmentDetail(params.id, caller) }));
