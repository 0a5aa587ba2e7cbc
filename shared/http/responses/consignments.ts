import { z } from 'zod';
import { bureauCodeSchema, directionSchema } from '../../domain/codes.ts';
import { consignmentSchema, consignmentStatusSchema } from '../../domain/consignment.ts';
import { actor, instant, page, record } from './common.ts';
import { task } from './tasks.ts';

/** One entry of a consignment's append-only audit trail; `sequence` is the version it produced. */
export const consignmentEvent = z.looseObject({
  consignmentId: z.string(),
  sequence: z.number().int(),
  at: instant,
  type: z.string().meta({ description: 'What happened, e.g. `filed`, `plan-assigned`, `port-checks-recorded`' }),
  actor,
  status: consignmentStatusSchema.optional().meta({ description: 'The status the change moved the consignment to' }),
  data: record.optional(),
});

/** POST /consignments: the filing's answer, the same for a keyed retry however late. */
export const filedConsignment = z.looseObject({
  id: z.string(),
  status: z.literal('filed'),
  inspectionPlan: z.unknown().optional().meta({ description: 'The inspection plan with its reasons (Chinese first, English beside)' }),
  executionArn: z.string().optional(),
});

/** GET /consignments/{id}: the consignment as filed and as it stands, its open tasks and its audit trail. */
export const consignmentDetail = z.looseObject({
  ...consignmentSchema.shape,
  openTasks: z.array(task),
  events: z.array(consignmentEvent),
});

/** A consignment in a listing. */
export const consignmentSummary = z.looseObject({
  id: z.string(),
  direction: directionSchema,
  status: consignmentStatusSchema,
  portCode: z.string().optional(),
  responsibleBureaus: z.array(bureauCodeSchema).optional(),
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
});
export const consignmentPage = page(consignmentSummary);

/** PUT /consignments/{id}/train. */
export const consignmentTrainLink = z.looseObject({
  id: z.string(),
  trainId: z.string().optional(),
  status: consignmentStatusSchema,
  changed: z.boolean(),
  handOver: record.optional().meta({ description: "The train's border results handed to the consignment, when the train had them" }),
});
