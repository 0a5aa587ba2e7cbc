import { policyReplaySchema } from '#shared/domain/risk/policy-replay.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { replayPolicy } from '#shared/lifecycle/risk/policy-replay.ts';
import { policyReplay as policyReplayResponse } from '#shared/http/responses/review.ts';

/**
 * POST /policy/replay: the filings of a past window planned again under proposed thresholds, and
 * what would have changed (HQ). It writes nothing, so a repeat is harmless: no Idempotency-Key
 * store is kept for it.
 */
export const route = {
  summary: 'Re-plan a past window of filings under proposed risk thresholds and report what would change (HQ; writes nothing)',
  roles: ['hq'],
  body: policyReplaySchema,
  response: policyReplayResponse,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => ({ status: 200, body: await replayPolicy(body, caller) }));
