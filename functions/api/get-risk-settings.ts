import { apiRoute } from '#shared/http/api-route.ts';
import { riskSettingsView } from '#shared/lifecycle/risk/risk-settings.ts';
import { riskSettings as riskSettingsResponse } from '#shared/http/responses/review.ts';

/** GET /risk-settings: the thresholds that set risk grades; HQ also reads their audit history. */
export const route = {
  summary: 'The risk-grade thresholds (enterprise and country × HS heading) with their version; HQ also gets the audit history',
  roles: ['hq', 'officer'],
  response: riskSettingsResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ caller }) => ({ status: 200, body: await riskSettingsView(caller) }));
