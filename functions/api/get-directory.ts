import { apiRoute } from '#shared/http/api-route.ts';
import { directory } from '#shared/lifecycle/coordination/directory.ts';
import { directory as directoryResponse } from '#shared/http/responses/coordination.ts';

/** GET /directory: the cooperation groups, every bureau's division and contacts, the node-city ↔ port docking pairs. */
export const route = {
  summary: 'The cooperation directory: groups, bureaus with their responsible division and contacts (not for declarants), docking pairs',
  roles: ['officer', 'declarant', 'hq'],
  response: directoryResponse,
} as const;

export const handler = apiRoute(route, async ({ caller }) => ({ status: 200, body: await directory(caller) }));
