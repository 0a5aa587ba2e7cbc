import { sitePathSchema } from '#shared/domain/designated-sites/designated-site.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { designatedSiteDetail as designatedSiteDetailResponse } from '#shared/http/responses/market-access.ts';
import { designatedSiteDetail } from '#shared/lifecycle/market-access/designated-sites.ts';

/** GET /designated-sites/{id}: one site; HQ also sees its audit history. */
export const route = {
  summary: 'Read a designated site; HQ also gets its audit history',
  roles: ['officer', 'declarant', 'hq'],
  params: sitePathSchema,
  response: designatedSiteDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await designatedSiteDetail(params.id, caller) }));
