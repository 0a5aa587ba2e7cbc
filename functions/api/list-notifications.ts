import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { notificationPage as notificationPageResponse } from '#shared/http/responses/tasks.ts';

/** GET /notifications: the caller's bureau's inbox, or a declarant's enterprise's, newest first. */
export const route = {
  summary: "Read the caller's inbox, newest first: an officer's or HQ's bureau's, a declarant's enterprise's",
  roles: ['officer', 'hq', 'declarant'],
  query: pageQuerySchema.extend({ unreadOnly: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
  response: notificationPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({
  status: 200,
  // A declarant's token always names its enterprise (callerFromClaims).
  body: caller.role === 'declarant' ? await repos().notifications.listForEnterprise(caller.enterprise ?? '', query) : await repos().notifications.list(caller.bureau, query),
}));
