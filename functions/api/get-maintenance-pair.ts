import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { maintenancePair } from '#shared/http/responses/maintenance.ts';
import { readMaintenancePair } from '#shared/lifecycle/maintenance/maintenance-pairs.ts';

/** GET /maintenance/{importId}: a global-maintenance import and its re-export, with the deadline and whether it passed (408号 三（四）). */
export const route = {
  summary: 'A global-maintenance pair: the repair import, its re-export deadline and its re-export',
  roles: ['officer', 'declarant', 'hq'],
  params: z.object({ importId: z.string().min(1).max(64) }),
  response: maintenancePair,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await readMaintenancePair(params.importId, caller) }));
