import { z } from 'zod';
import { bureauCodeSchema, portCodeSchema } from '../../domain/codes.ts';
import { actor, instant, page, record, version } from './common.ts';
import { task } from './tasks.ts';

/** A train run as the API shows it (never its callback token, nor which consignments booked it). */
export const train = z.looseObject({
  id: z.string(),
  trainNumber: z.string(),
  direction: z.string(),
  portCode: portCodeSchema,
  portBureau: bureauCodeSchema,
  inlandBureau: bureauCodeSchema.optional(),
  originCity: z.string(),
  destinationCity: z.string(),
  plannedDeparture: instant,
  plannedBorderCrossing: instant,
  plannedArrival: instant,
  preArrivalNoticeHours: z.number(),
  status: z.string().meta({ description: 'scheduled, departed, at-border, crossed, arrived, cancelled …' }),
  actual: record,
  bookedContainers: z.number().int(),
  capacity: z.unknown(),
  schedules: z.looseObject({ preArrivalNotice: record, borderCrossing: record }),
  registeredBy: actor,
  createdAt: instant,
  updatedAt: instant,
  version,
});
export const trainPage = page(train);

/** POST /trains, PATCH /trains/{id}: the run and, when the timetable moved, the schedules armed for it. */
export const scheduledTrain = train.extend({ scheduled: record.optional() });

/** GET /trains/{id}: the run with its train tasks and the consignments the caller may see. */
export const trainDetail = train.extend({
  tasks: z.array(task),
  consignmentCounts: z.looseObject({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  consignments: z.array(z.looseObject({ id: z.string(), direction: z.string(), status: z.string(), responsibleBureaus: z.array(z.string()), updatedAt: instant })),
});

/** POST /trains/{id}/events. */
export const trainEventAnswer = z.looseObject({
  trainId: z.string(),
  type: z.string(),
  duplicate: z.boolean().meta({ description: 'The same event was recorded before (200, not 201)' }),
  event: record,
  status: z.string(),
  run: z.enum(['starting', 'resumed', 'already-running']).optional(),
});
