import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { repos } from '#shared/lifecycle/ports.ts';

/** GET /notifications: the caller's bureau's inbox, newest first. */
export const route = {
  summary: "Read the caller's bureau inbox, newest first",
  roles: ['officer', 'hq'],
  query: pageQuerySchema.extend({ unreadOnly: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({
  status: 200,
  body: await repos().notifications.list(caller.bureau, query),
}));
