import { statsQuerySchema } from '#shared/domain/statistics/stats-query.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { csvResponse, toCsv, wantsCsv } from '#shared/http/text-response.ts';
import { statsFor } from '#shared/review/stats-source.ts';
import { STATS_TABLE_HEADER, statsTable } from '#shared/review/stats-table.ts';
import { statistics as statisticsResponse } from '#shared/http/responses/review.ts';

/**
 * GET /stats: figures over the consignments closed in a window of Beijing days, read from the
 * aggregates kept as they close (definitions in shared/review/README.md). HQ sees all; an officer
 * the consignments of the officer's bureau. `Accept: text/csv` gives the same as a table.
 */
export const route = {
  summary: 'Statistics of closed consignments: volumes, direct-through share, release times, port dwell, nonconformity, escalations (JSON or CSV)',
  roles: ['hq', 'officer'],
  query: statsQuerySchema,
  response: statisticsResponse,
  produces: { 'text/csv': 'The same figures as a table, with Accept: text/csv' },
} as const;

export const handler = apiRoute(route, async ({ query, caller, event }) => {
  const answer = await statsFor(caller, query);
  if (!wantsCsv(event)) return { status: 200, body: answer };
  return csvResponse(toCsv(STATS_TABLE_HEADER, statsTable(answer)), `stats-${answer.window.from}-${answer.window.to}.csv`);
});
