import { recognitionStatusSchema } from '#shared/domain/recognition/recognised-body.ts';
import { countryCodeSchema } from '#shared/domain/validators/country.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listRecognisedBodies } from '#shared/lifecycle/recognition/recognition-view.ts';
import { recognisedBodyPage as recognisedBodyPageResponse } from '#shared/http/responses/registers.ts';

/** GET /recognised-bodies?status=&country=: the register, by id; every caller reads it (declarants need to know whose results count). */
export const route = {
  summary: 'List the recognised foreign third-party bodies, by id',
  roles: ['officer', 'declarant', 'hq'],
  query: pageQuerySchema.extend({ status: recognitionStatusSchema.optional(), country: countryCodeSchema.optional() }),
  response: recognisedBodyPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listRecognisedBodies(query, caller) }));
