import { assessmentRegistrationSchema } from '#shared/domain/going-out/risk-assessment.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { goingOutAssessment } from '#shared/http/responses/market-access.ts';
import { recordAssessment } from '#shared/lifecycle/going-out/risk-assessments.ts';

/** POST /going-out/risk-assessments: a bureau records the risk assessment of a going-out enterprise and product (408号 三（五）). */
export const route = {
  summary: "Record a going-out enterprise's risk assessment for a product (an officer, for its bureau)",
  roles: ['officer'],
  body: assessmentRegistrationSchema,
  idempotent: true,
  response: goingOutAssessment,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey }) => {
  const assessment = await recordAssessment(body, caller, idempotencyKey);
  return { status: 201, headers: { location: `/going-out/risk-assessments/${assessment.id}` }, body: assessment };
});
