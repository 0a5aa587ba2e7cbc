import { qualityAssessmentQuerySchema } from '#shared/domain/risk/quality-assessment.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { qualityAssessment } from '#shared/lifecycle/risk/quality-assessments.ts';
import { qualityAssessment as qualityAssessmentResponse } from '#shared/http/responses/review.ts';

/**
 * GET /quality-assessments: export quality assessment (出口商品质量评估, 408号 三（二）) of one
 * enterprise, overall and per HS heading, over the last 90 and 365 days. HQ and every bureau read
 * any enterprise's; a declarant its own.
 */
export const route = {
  summary: "An enterprise's export quality assessment per HS heading over 90 and 365 days, and its risk grade",
  roles: ['hq', 'officer', 'declarant'],
  query: qualityAssessmentQuerySchema,
  response: qualityAssessmentResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await qualityAssessment(caller, query) }));
