import { openCaseSchema } from '#shared/domain/coordination/case.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { openCase } from '#shared/lifecycle/coordination/open-case.ts';
import { openedCase as openedCaseResponse } from '#shared/http/responses/coordination.ts';

/** POST /cases: a bureau raises a problem with another bureau (协调事项, 408号 四（二）); the addressed bureau must answer in time. */
export const route = {
  summary: 'Open a coordination case with another bureau about a consignment, a train or a general issue; it escalates to the lead bureau, then HQ',
  roles: ['officer'],
  body: openCaseSchema,
  idempotent: true,
  response: openedCaseResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey, requestId }) => {
  const opened = await openCase(body, caller, idempotencyKey, requestId);
  return {
    status: 201,
    headers: { location: `/cases/${opened.id}` },
    // The case as opened: a keyed retry, however late, gets this same answer.
    body: { id: opened.id, kind: opened.kind, status: 'opened', addressedBureau: opened.addressedBureau, leadBureau: opened.leadBureau, openedAt: opened.openedAt, executionArn: opened.executionArn },
  };
});
