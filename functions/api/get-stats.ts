import { bureauCodeSchema, directionSchema, portCodeSchema } from '#shared/domain/codes.ts';
import { timestampSchema } from '#shared/domain/validators/timestamp.ts';
import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { statsFor } from '#shared/review/stats-source.ts';

/**
 * GET /stats: figures over the consignments filed in a time range (definitions in
 * shared/review/README.md). HQ sees all; an officer the consignments of the officer's bureau.
 */
export const route = {
  summary: 'Statistics over consignments: status counts, direct-through share, release times, port dwell, nonconformity',
  roles: ['hq', 'officer'],
  query: z.object({
    /** Inclusive bounds on the filing time. */
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
    port: portCodeSchema.optional(),
    bureau: bureauCodeSchema.optional(),
    /** A corridor id from the reference data, e.g. chongqing-duisburg. */
    corridor: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a corridor id such as chongqing-duisburg').optional(),
    direction: directionSchema.optional(),
  }),
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({
  status: 200,
  body: await statsFor(caller, query),
}));
