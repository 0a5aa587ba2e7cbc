import { z } from 'zod';
import { bureauCodeSchema, directionSchema, portCodeSchema } from './codes.ts';
import { bilingual } from './text.ts';
import { timestampSchema } from './validators/timestamp.ts';

export const TRAIN_STATUSES = ['scheduled', 'at-port', 'departed', 'cancelled'] as const;
export type TrainStatus = (typeof TRAIN_STATUSES)[number];

/** One run of a service; imports ride return trains (Europe → China), exports outbound ones. */
export const trainSchema = z
  .object({
    id: z.string().min(1).max(64),
    /** Operator's train number, e.g. "X8001". */
    trainNumber: z
      .string()
      .trim()
      .min(1, { error: bilingual('车次不能为空', 'train number must not be empty') })
      .max(20),
    direction: directionSchema,
    corridorId: z.string().min(1).optional(),
    portCode: portCodeSchema,
    /** Bureau of the Chinese end of the run (origin of exports, destination of imports). */
    inlandBureau: bureauCodeSchema,
    /** When the train is due at the border port. */
    scheduledPortAt: timestampSchema,
    departedOriginAt: timestampSchema.optional(),
    /** A train carries about 41 forty-foot or 50 twenty-foot containers. */
    containerCapacity: z.number().int().positive().max(120).optional(),
    status: z.enum(TRAIN_STATUSES),
    version: z.number().int().positive(),
  })
  .superRefine((train, ctx) => {
    if (train.inlandBureau === 'HQ') {
      ctx.addIssue({
        code: 'custom',
        path: ['inlandBureau'],
        message: bilingual('总局不是班列的内陆局', 'HQ cannot be the inland bureau of a train'),
      });
    }
  });
export type Train = z.infer<typeof trainSchema>;
