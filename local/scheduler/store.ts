import { z } from 'zod';
import { dataFile, openJsonStore } from '../json-file.ts';

/**
 * Schedule groups and schedules, kept in `DATA_DIR/scheduler/state.json`. `lastDue` records the
 * occurrence a schedule last fired for; it is written before the target is called, so an
 * occurrence fires at most once even across a crash.
 */
export const targetSchema = z
  .object({
    Arn: z.string().min(1).max(1600),
    RoleArn: z.string().min(1).max(1600),
    Input: z.string().min(1).max(8192).optional(),
    RetryPolicy: z
      .object({
        MaximumEventAgeInSeconds: z.number().int().min(60).max(86_400).optional(),
        MaximumRetryAttempts: z.number().int().min(0).max(185).optional(),
      })
      .optional(),
    DeadLetterConfig: z.object({ Arn: z.string().optional() }).optional(),
  })
  .loose();

export type ScheduleTarget = z.infer<typeof targetSchema>;

const scheduleSchema = z.object({
  name: z.string(),
  groupName: z.string(),
  arn: z.string(),
  expression: z.string(),
  timezone: z.string().optional(),
  startDate: z.number().optional(),
  endDate: z.number().optional(),
  description: z.string().optional(),
  state: z.enum(['ENABLED', 'DISABLED']),
  kmsKeyArn: z.string().optional(),
  target: targetSchema,
  flexibleTimeWindow: z.object({ Mode: z.enum(['OFF', 'FLEXIBLE']), MaximumWindowInMinutes: z.number().optional() }),
  actionAfterCompletion: z.enum(['NONE', 'DELETE']),
  creationDate: z.number(),
  lastModificationDate: z.number(),
  lastDue: z.number().optional(),
});

const groupSchema = z.object({ name: z.string(), arn: z.string(), creationDate: z.number(), lastModificationDate: z.number(), tags: z.record(z.string(), z.string()).optional() });

const stateSchema = z.object({ groups: z.array(groupSchema), schedules: z.array(scheduleSchema) });

export type ScheduleRecord = z.infer<typeof scheduleSchema>;
export type ScheduleGroupRecord = z.infer<typeof groupSchema>;

export interface SchedulerStore {
  groups: Map<string, ScheduleGroupRecord>;
  /** Keyed by `group/name`. */
  schedules: Map<string, ScheduleRecord>;
  save(): void;
}

export const scheduleKey = (groupName: string, name: string) => `${groupName}/${name}`;

export function openSchedulerStore(dataDir: string | undefined): SchedulerStore {
  const file = openJsonStore(dataFile(dataDir, 'scheduler', 'state.json'), stateSchema, { groups: [], schedules: [] });
  const store: SchedulerStore = {
    groups: new Map(file.loaded.groups.map((g) => [g.name, g])),
    schedules: new Map(file.loaded.schedules.map((s) => [scheduleKey(s.groupName, s.name), s])),
    save() {
      file.save({ groups: [...store.groups.values()], schedules: [...store.schedules.values()] });
    },
  };
  return store;
}
