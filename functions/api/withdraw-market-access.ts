import { accessPathSchema } from '#shared/domain/market-access/market-access.ts';
import { withdrawalSchema } from '#shared/domain/market-access/register-entry.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { marketAccessVersion } from '#shared/http/current-versions.ts';
import { marketAccessEntry } from '#shared/http/responses/market-access.ts';
import { withdrawMarketAccess } from '#shared/lifecycle/market-access/market-access-register.ts';

/** POST /market-access/{id}/withdraw: HQ withdraws an approval, with a reason; imports under it are refused from now on. */
export const route = {
  summary: 'Withdraw a market-access approval, with a reason (HQ)',
  roles: ['hq'],
  params: accessPathSchema,
  body: withdrawalSchema,
  idempotent: true,
  response: marketAccessEntry,
  currentVersion: marketAccessVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await withdrawMarketAccess(params.id, body, caller) }));
