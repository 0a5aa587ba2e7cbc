import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listCandidates } from '#shared/lifecycle/alerts/alert-candidates.ts';
import { alertCandidatePage as alertCandidatePageResponse } from '#shared/http/responses/alerts.ts';

/** GET /alert-candidates: nonconformities by country of origin and HS heading, with counts and consignments, for HQ to act on. */
export const route = {
  summary: 'List alert candidates: nonconformities by origin country and HS heading, the latest first (HQ)',
  roles: ['hq'],
  query: pageQuerySchema,
  response: alertCandidatePageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listCandidates(query, caller) }));
