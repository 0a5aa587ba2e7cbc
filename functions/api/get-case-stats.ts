import { z } from 'zod';
import { timestampSchema } from '#shared/domain/validators/timestamp.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { caseStats } from '#shared/lifecycle/coordination/case-view.ts';
import { caseStatistics as caseStatisticsResponse } from '#shared/http/responses/coordination.ts';

/** GET /cases/stats (HQ): cases opened in a window, by kind: how they stand, how far they escalated, time to resolution. */
export const route = {
  summary: 'Statistics of coordination cases by kind: opened, open, resolved, withdrawn, escalations, time to resolution (HQ)',
  roles: ['hq'],
  query: z.object({ from: timestampSchema.optional(), to: timestampSchema.optional() }),
  response: caseStatisticsResponse,
} as const;

export const handler = apiRoute(route, async ({ query }) => ({ status: 200, body: await caseStats(query) }));
