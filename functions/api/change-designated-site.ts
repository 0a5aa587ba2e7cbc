import { siteChangeSchema, sitePathSchema } from '#shared/domain/designated-sites/designated-site.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { designatedSiteVersion } from '#shared/http/current-versions.ts';
import { designatedSite } from '#shared/http/responses/market-access.ts';
import { changeDesignatedSite } from '#shared/lifecycle/market-access/designated-sites.ts';

/** PATCH /designated-sites/{id}: HQ changes a site's name or classes from the version it read (a shipped site is at version 0). */
export const route = {
  summary: "Change a designated site's name or classes of goods, from the version read (HQ)",
  roles: ['hq'],
  params: sitePathSchema,
  body: siteChangeSchema,
  idempotent: true,
  response: designatedSite,
  currentVersion: designatedSiteVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await changeDesignatedSite(params.id, body, caller) }));
