import { reportSchema } from '#shared/domain/coordination/reports.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { fileReport } from '#shared/lifecycle/coordination/reports.ts';
import { report as reportResponse } from '#shared/http/responses/coordination.ts';

/** POST /reports: a bureau reports a good practice or a suggestion to HQ (408号 三（十）). */
export const route = {
  summary: 'File a report of good practice or a suggestion to HQ, citing cases and trains',
  roles: ['officer'],
  body: reportSchema,
  idempotent: true,
  response: reportResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey }) => {
  const report = await fileReport(body, caller, idempotencyKey);
  return { status: 201, headers: { location: `/reports/${report.id}` }, body: report };
});
