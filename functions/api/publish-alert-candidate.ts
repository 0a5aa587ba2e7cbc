import { candidatePathSchema, candidatePublicationSchema } from '#shared/domain/alerts/alert-candidate.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { publishFromCandidate } from '#shared/lifecycle/alerts/alert-candidates.ts';
import { alertView } from '#shared/lifecycle/alerts/alert-view.ts';
import { alert as alertResponse } from '#shared/http/responses/alerts.ts';

/** POST /alert-candidates/{key}/publish: HQ makes a candidate an alert in one request (the pair is the coverage; measure and end required). */
export const route = {
  summary: 'Publish an alert from a candidate: its origin country and HS heading, the measure and end given (HQ)',
  roles: ['hq'],
  params: candidatePathSchema,
  body: candidatePublicationSchema,
  idempotent: true,
  response: alertResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller, idempotencyKey, requestId }) => {
  const alert = await publishFromCandidate(params.key, body, caller, { idempotencyKey, correlationId: requestId });
  return { status: 201, headers: { location: `/alerts/${alert.id}` }, body: alertView(alert, caller) };
});
