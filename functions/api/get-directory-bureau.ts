import { directoryBureauParamsSchema } from '#shared/domain/coordination/directory.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { directoryBureau } from '#shared/lifecycle/coordination/directory.ts';
import { directoryBureauDetail as directoryBureauDetailResponse } from '#shared/http/responses/coordination.ts';

/** GET /directory/bureaus/{code}: one bureau's entry and docking pairs; the bureau itself and HQ also get its change history. */
export const route = {
  summary: "One bureau's directory entry: groups, division, contacts (not for declarants), docking pairs, and its history (the bureau and HQ)",
  roles: ['officer', 'declarant', 'hq'],
  params: directoryBureauParamsSchema,
  response: directoryBureauDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({ status: 200, body: await directoryBureau(params.code, caller) }));
