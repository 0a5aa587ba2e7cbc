import { z } from 'zod';
import { registerStatusSchema } from '#shared/domain/market-access/register-entry.ts';
import { countryCodeSchema } from '#shared/domain/validators/country.ts';
import { hsPrefixSchema } from '#shared/domain/validators/hs-code.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { marketAccessList } from '#shared/http/responses/market-access.ts';
import { listMarketAccess } from '#shared/lifecycle/market-access/market-access-register.ts';

/** GET /market-access?country=&hsCode=&status=: the whole register (hundreds of entries), by id; every caller reads it. */
export const route = {
  summary: 'List the market-access register, by id, narrowed by country, HS code or status',
  roles: ['officer', 'declarant', 'hq'],
  query: z.strictObject({ country: countryCodeSchema.optional(), hsCode: hsPrefixSchema.optional(), status: registerStatusSchema.optional() }),
  response: marketAccessList,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listMarketAccess(query, caller) }));
