import { z } from 'zod';
import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { originApplicationStatusSchema } from '#shared/domain/origin/origin-application.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listApplications } from '#shared/lifecycle/origin/origin-application-view.ts';
import { originApplicationPage as originApplicationPageResponse } from '#shared/http/responses/registers.ts';

/** GET /origin-certificate-applications: newest first, scoped to the caller (`listApplications`). */
export const route = {
  summary: "List certificate-of-origin applications: a declarant its enterprise's, an officer its bureau's, HQ a bureau's or a status's",
  roles: ['declarant', 'officer', 'hq'],
  query: pageQuerySchema.extend({
    status: originApplicationStatusSchema.optional(),
    /** Whose applications: an officer's own bureau by default; HQ names a bureau or a status. */
    bureau: bureauCodeSchema.optional(),
    consignment: z.string().min(1).max(64).optional(),
  }),
  response: originApplicationPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const { consignment, ...rest } = query;
  return { status: 200, body: await listApplications(caller, { ...rest, ...(consignment !== undefined && { consignmentId: consignment }) }) };
});
