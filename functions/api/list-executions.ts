import { z } from 'zod';
import { bureauCodeSchema } from '#shared/domain/codes.ts';
import { timestampSchema } from '#shared/domain/validators/timestamp.ts';
import { EXECUTION_STATUSES } from '#shared/data/execution-index-repository.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listExecutions } from '#shared/review/executions.ts';

/**
 * GET /executions: workflow executions for review, newest first. HQ sees all; an officer those
 * that involve the officer's bureau; a declarant those of one of its consignments.
 */
export const route = {
  summary: 'List workflow executions for review (HQ: all; a bureau: its own)',
  roles: ['hq', 'officer', 'declarant'],
  query: pageQuerySchema.extend({
    /** The workflow (state machine) name, e.g. ConsignmentImport, ConsignmentExport, TrainRun. */
    workflow: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,79}$/, 'a workflow name such as ConsignmentImport').optional(),
    status: z.enum(EXECUTION_STATUSES).optional(),
    /** Inclusive bounds on the start time. */
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
    bureau: bureauCodeSchema.optional(),
    train: z.string().min(1).max(64).optional(),
    consignment: z.string().min(1).max(64).optional(),
  }),
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const { train, consignment, ...rest } = query;
  const page = await listExecutions(caller, {
    ...rest,
    ...(train !== undefined && { trainId: train }),
    ...(consignment !== undefined && { consignmentId: consignment }),
  });
  return { status: 200, body: page };
});
