import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { caseStatusSchema } from '#shared/domain/coordination/case.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listCases } from '#shared/lifecycle/coordination/case-view.ts';
import { casePage as casePageResponse } from '#shared/http/responses/coordination.ts';

/** GET /cases: newest first; HQ all (or a status's, or a bureau's), an officer its bureau's (opened, addressed to it, or in the group it leads). */
export const route = {
  summary: "List coordination cases: HQ all, a bureau those it opened, is addressed by or leads",
  roles: ['officer', 'hq'],
  query: pageQuerySchema.extend({ bureau: bureauCodeSchema.optional(), status: caseStatusSchema.optional() }),
  response: casePageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => ({ status: 200, body: await listCases(caller, query) }));
