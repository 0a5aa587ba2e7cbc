import { countryCodeSchema } from '#shared/domain/validators/country.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { tradeMeasureNotePage } from '#shared/http/responses/market-access.ts';
import { listTradeMeasures } from '#shared/lifecycle/trade-measures/trade-measures.ts';

/** GET /trade-measures?country=: the notes, newest first; every caller reads them. */
export const route = {
  summary: "List the technical-trade-measure notes, newest first, all or one country's",
  roles: ['officer', 'declarant', 'hq'],
  query: pageQuerySchema.extend({ country: countryCodeSchema.optional() }),
  response: tradeMeasureNotePage,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listTradeMeasures(query, caller) }));
