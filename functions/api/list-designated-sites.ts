import { z } from 'zod';
import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { siteCategorySchema } from '#shared/domain/designated-sites/designated-site.ts';
import { registerStatusSchema } from '#shared/domain/market-access/register-entry.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { designatedSiteList } from '#shared/http/responses/market-access.ts';
import { listDesignatedSites } from '#shared/lifecycle/market-access/designated-sites.ts';

/** GET /designated-sites?bureau=&category=&status=: the register (the shipped sites included), by id; every caller reads it. */
export const route = {
  summary: 'List the designated inland sites, by id, narrowed by bureau, class of goods or status',
  roles: ['officer', 'declarant', 'hq'],
  query: z.strictObject({ bureau: bureauCodeSchema.optional(), category: siteCategorySchema.optional(), status: registerStatusSchema.optional() }),
  response: designatedSiteList,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listDesignatedSites(query, caller) }));
