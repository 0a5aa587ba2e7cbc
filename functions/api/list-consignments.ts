import { z } from 'zod';
import { bureauCodeSchema, directionSchema, portCodeSchema } from '#shared/domain/codes.ts';
import { listingScope } from '#shared/domain/access.ts';
import { consignmentStatusSchema } from '#shared/domain/consignment.ts';
import { containerNumberSchema } from '#shared/domain/validators/container-number.ts';
import { creditCodeSchema } from '#shared/domain/validators/credit-code.ts';
import { forbidden } from '#shared/http/api-problem.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { beijingDayEnd, beijingDayStart, dayQuerySchema, hsHeadingPrefixSchema } from '#shared/http/listing-query.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { consignmentPage as consignmentPageResponse } from '#shared/http/responses/consignments.ts';

/**
 * GET /consignments: search and list, newest first; a bureau sees its own, a declarant its
 * enterprise's, HQ all. Every filter narrows the others; none scans the table (docs/data-model.md).
 * `Accept: text/csv` exports the listing (every listing does, see shared/http/csv-listing.ts).
 */
export const route = {
  summary: 'Search and list consignments: id, container, HS code, enterprise, train, status, port, direction, filing dates (JSON or CSV)',
  roles: ['officer', 'declarant', 'hq'],
  query: pageQuerySchema.extend({
    id: z.string().trim().min(1).max(64).optional().meta({ description: 'One consignment by its id (within the other filters and what the caller may see)' }),
    container: containerNumberSchema.optional().meta({ description: 'Consignments with this container (ISO 6346 number, check digit verified)' }),
    hsCode: hsHeadingPrefixSchema.optional().meta({ description: "Consignments with a goods line under this HS heading (4 digits) or longer prefix" }),
    enterprise: creditCodeSchema.optional().meta({ description: 'Consignments whose consignor or consignee has this unified social credit code' }),
    trainId: z.string().trim().min(1).max(64).optional().meta({ description: 'Consignments on this train run' }),
    status: consignmentStatusSchema.optional(),
    port: portCodeSchema.optional(),
    direction: directionSchema.optional().meta({ description: 'import or export' }),
    bureau: bureauCodeSchema.optional(),
    filedFrom: dayQuerySchema.optional().meta({ description: 'Filed on or after this day (YYYY-MM-DD, Beijing time)' }),
    filedTo: dayQuerySchema.optional().meta({ description: 'Filed on or before this day (YYYY-MM-DD, Beijing time)' }),
  }),
  response: consignmentPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const { limit, nextToken, enterprise, port, hsCode, filedFrom, filedTo, ...filters } = query;
  const scope = listingScope(caller, filters.bureau);
  if (!scope) throw forbidden(`bureau ${caller.bureau} may list only its own consignments`);
  const page = await repos().consignments.list(
    {
      ...filters,
      ...(enterprise !== undefined && { party: enterprise }),
      ...(port !== undefined && { portCode: port }),
      ...(hsCode !== undefined && { hsPrefix: hsCode }),
      ...(filedFrom !== undefined && { filedFrom: beijingDayStart(filedFrom) }),
      ...(filedTo !== undefined && { filedTo: beijingDayEnd(filedTo) }),
      ...scope,
    },
    { limit, nextToken },
  );
  return { status: 200, body: page };
});
