import { riskSettingsChangeSchema } from '#shared/domain/risk/risk-settings.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { changeSettings } from '#shared/lifecycle/risk/risk-settings.ts';
import { riskSettings as riskSettingsResponse } from '#shared/http/responses/review.ts';
import { riskSettingsVersion } from '#shared/http/current-versions.ts';

/**
 * PUT /risk-settings: HQ replaces the thresholds from the version it read (409 if stale), with a
 * reason for the audit history; filings from then on are graded by them.
 */
export const route = {
  summary: 'Set the risk-grade thresholds from the version read, with a reason (HQ; audited)',
  roles: ['hq'],
  body: riskSettingsChangeSchema,
  idempotent: true,
  response: riskSettingsResponse,
  currentVersion: riskSettingsVersion,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => ({ status: 200, body: await changeSettings(body, caller) }));
