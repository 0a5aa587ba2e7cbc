import { z } from 'zod';
import { bureauCodeSchema, directionSchema } from '#shared/domain/codes.ts';
import { listingScope } from '#shared/domain/access.ts';
import { consignmentStatusSchema } from '#shared/domain/consignment.ts';
import { forbidden } from '#shared/http/api-problem.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { csvResponse, toCsv, wantsCsv } from '#shared/http/text-response.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { CONSIGNMENT_TABLE_HEADER, consignmentTable } from '#shared/review/consignment-table.ts';

/**
 * GET /consignments: filtered and paged; a bureau sees its own, a declarant its enterprise's, HQ
 * all. `Accept: text/csv` gives the page as CSV, the next page's token in the `next-token` header.
 */
export const route = {
  summary: 'List consignments by status, direction, bureau and train (JSON or CSV)',
  roles: ['officer', 'declarant', 'hq'],
  query: pageQuerySchema.extend({
    status: consignmentStatusSchema.optional(),
    direction: directionSchema.optional(),
    bureau: bureauCodeSchema.optional(),
    trainId: z.string().min(1).max(64).optional(),
  }),
} as const;

export const handler = apiRoute(route, async ({ query, caller, event }) => {
  const { limit, nextToken, ...filters } = query;
  const scope = listingScope(caller, filters.bureau);
  if (!scope) throw forbidden(`bureau ${caller.bureau} may list only its own consignments`);
  const page = await repos().consignments.list({ ...filters, ...scope }, { limit, nextToken });
  if (!wantsCsv(event)) return { status: 200, body: page };
  const csv = csvResponse(toCsv(CONSIGNMENT_TABLE_HEADER, consignmentTable(page.items)), 'consignments.csv');
  return { ...csv, headers: { ...csv.headers, ...(page.nextToken !== undefined && { 'next-token': page.nextToken }) } };
});
