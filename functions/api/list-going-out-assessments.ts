import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { creditCodeSchema } from '#shared/domain/validators/credit-code.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { goingOutAssessmentPage } from '#shared/http/responses/market-access.ts';
import { listAssessments } from '#shared/lifecycle/going-out/risk-assessments.ts';

/** GET /going-out/risk-assessments?enterprise=&bureau=: HQ and bureaus read all; an enterprise its own. */
export const route = {
  summary: "List going-out risk assessments, by enterprise or keeping bureau (a declarant: its enterprise's)",
  roles: ['officer', 'declarant', 'hq'],
  query: pageQuerySchema.extend({ enterprise: creditCodeSchema.optional(), bureau: bureauCodeSchema.optional() }),
  response: goingOutAssessmentPage,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listAssessments(query, caller) }));
