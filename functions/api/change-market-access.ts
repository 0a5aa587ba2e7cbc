import { accessChangeSchema, accessPathSchema } from '#shared/domain/market-access/market-access.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { marketAccessVersion } from '#shared/http/current-versions.ts';
import { marketAccessEntry } from '#shared/http/responses/market-access.ts';
import { changeMarketAccess } from '#shared/lifecycle/market-access/market-access-register.ts';

/** PATCH /market-access/{id}: HQ changes product, scope, conditions or validity from the version it read (409 if stale). */
export const route = {
  summary: "Change a market-access entry's product, scope, conditions or validity, from the version read (HQ)",
  roles: ['hq'],
  params: accessPathSchema,
  body: accessChangeSchema,
  idempotent: true,
  response: marketAccessEntry,
  currentVersion: marketAccessVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await changeMarketAccess(params.id, body, caller) }));
