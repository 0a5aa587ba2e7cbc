import { z } from 'zod';
import { bureauCodeSchema, portCodeSchema } from '#shared/domain/codes.ts';
import { timestampSchema } from '#shared/domain/validators/timestamp.ts';
import { EXECUTION_STATUSES } from '#shared/data/execution-index-repository.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { beijingDayEnd, beijingDayStart, dayQuerySchema } from '#shared/http/listing-query.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { listExecutions } from '#shared/review/executions.ts';
import { executionPage as executionPageResponse } from '#shared/http/responses/review.ts';

/**
 * GET /executions: workflow executions for review, newest first. HQ sees all; an officer those
 * that involve the officer's bureau; a declarant those of one of its consignments.
 */
export const route = {
  summary: 'List workflow executions for review by workflow, status, bureau, port, train, consignment and start time (HQ: all; a bureau: its own; JSON or CSV)',
  roles: ['hq', 'officer', 'declarant'],
  query: pageQuerySchema.extend({
    workflow: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,79}$/, 'a workflow name such as ConsignmentImport')
      .optional()
      .meta({ description: 'The workflow (state machine) name, e.g. ConsignmentImport, ConsignmentExport, TrainRun' }),
    status: z.enum(EXECUTION_STATUSES).optional(),
    from: z
      .union([timestampSchema, dayQuerySchema.transform(beijingDayStart)])
      .optional()
      .meta({ description: 'Started at or after this instant, or from the first instant of this day (YYYY-MM-DD, Beijing time)' }),
    to: z
      .union([timestampSchema, dayQuerySchema.transform(beijingDayEnd)])
      .optional()
      .meta({ description: 'Started at or before this instant, or up to the last instant of this day (YYYY-MM-DD, Beijing time)' }),
    bureau: bureauCodeSchema.optional(),
    port: portCodeSchema.optional().meta({ description: 'Executions of consignments or train runs through this border port' }),
    train: z.string().min(1).max(64).optional().meta({ description: 'Executions of this train run and of its consignments' }),
    consignment: z.string().min(1).max(64).optional().meta({ description: "The consignment's lifecycle execution" }),
  }),
  response: executionPageResponse,
} as const;

export const handler = apiRoute(route, async ({ query, caller }) => {
  const { train, consignment, port, ...rest } = query;
  const page = await listExecutions(caller, {
    ...rest,
    ...(port !== undefined && { portCode: port }),
    ...(train !== undefined && { trainId: train }),
    ...(consignment !== undefined && { consignmentId: consignment }),
  });
  return { status: 200, body: page };
});
