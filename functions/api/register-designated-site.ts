import { siteRegistrationSchema } from '#shared/domain/designated-sites/designated-site.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { designatedSite } from '#shared/http/responses/market-access.ts';
import { registerDesignatedSite } from '#shared/lifecycle/market-access/designated-sites.ts';

/** POST /designated-sites: HQ approves an inland site of a bureau for classes of high-risk goods (指定监管场地, 408号 三（三）). */
export const route = {
  summary: "Register a designated inland site of a bureau and the classes of goods it takes (HQ)",
  roles: ['hq'],
  body: siteRegistrationSchema,
  idempotent: true,
  response: designatedSite,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const site = await registerDesignatedSite(body, caller);
  return { status: 201, headers: { location: `/designated-sites/${encodeURIComponent(site.id)}` }, body: site };
});
