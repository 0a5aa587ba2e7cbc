import { sitePathSchema } from '#shared/domain/designated-sites/designated-site.ts';
import { withdrawalSchema } from '#shared/domain/market-access/register-entry.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { designatedSiteVersion } from '#shared/http/current-versions.ts';
import { designatedSite } from '#shared/http/responses/market-access.ts';
import { withdrawDesignatedSite } from '#shared/lifecycle/market-access/designated-sites.ts';

/** POST /designated-sites/{id}/withdraw: HQ withdraws a site's approval; its goods fall back to port inspection from now on. */
export const route = {
  summary: "Withdraw a designated site's approval, with a reason (HQ)",
  roles: ['hq'],
  params: sitePathSchema,
  body: withdrawalSchema,
  idempotent: true,
  response: designatedSite,
  currentVersion: designatedSiteVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await withdrawDesignatedSite(params.id, body, caller) }));
