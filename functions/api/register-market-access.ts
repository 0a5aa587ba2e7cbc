import { accessRegistrationSchema } from '#shared/domain/market-access/market-access.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { marketAccessEntry } from '#shared/http/responses/market-access.ts';
import { registerMarketAccess } from '#shared/lifecycle/market-access/market-access-register.ts';

/** POST /market-access: HQ approves the import of a product from a country, on conditions, for a time (408号 三（三）). */
export const route = {
  summary: 'Register a market-access approval: product, country, conditions, validity (HQ)',
  roles: ['hq'],
  body: accessRegistrationSchema,
  idempotent: true,
  response: marketAccessEntry,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const entry = await registerMarketAccess(body, caller);
  return { status: 201, headers: { location: `/market-access/${encodeURIComponent(entry.id)}` }, body: entry };
});
