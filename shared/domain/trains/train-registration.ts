import { z } from 'zod';
import { bureauCodeSchema, portCodeSchema } from '../codes.ts';
import { corridorById } from '../reference/corridors.ts';
import { portBureau } from '../reference/ports.ts';
import {
  MAX_CANCELLATION_REASON_LENGTH,
  MAX_CITY_NAME_LENGTH,
  MAX_CONTAINERS_PER_TRAIN,
  MAX_PRE_ARRIVAL_NOTICE_HOURS,
  MAX_REFERENCE_ID_LENGTH,
  MIN_PRE_ARRIVAL_NOTICE_HOURS,
  tooLong,
} from '../limits.ts';
import { bilingual } from '../text.ts';
import { trainDirectionSchema, type Actor, type Train } from '../train.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { timetableProblems } from './timetable.ts';

/** Operator train numbers such as `X8001` or `80001-2`. */
const trainNumberSchema = z
  .string({ error: bilingual('车次须为字符串', 'trainNumber must be a string') })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, {
    error: bilingual('车次为 1–20 位字母、数字或连字符', 'trainNumber is 1–20 letters, digits or hyphens'),
  });

const cityName = z
  .string({ error: bilingual('城市须为字符串', 'city must be a string') })
  .trim()
  .min(1, { error: bilingual('城市不能为空', 'city must not be empty') })
  .max(MAX_CITY_NAME_LENGTH, { error: tooLong('城市', 'city', MAX_CITY_NAME_LENGTH) });

/** Hours before the border crossing; fractions allowed (0.5 = 30 minutes), one minute to three days. */
const preArrivalNoticeHoursSchema = z
  .number({ error: bilingual('预到通知提前小时数须为数字', 'preArrivalNoticeHours must be a number') })
  .positive({ error: bilingual('预到通知提前小时数须大于 0', 'preArrivalNoticeHours must be positive'), abort: true })
  .min(MIN_PRE_ARRIVAL_NOTICE_HOURS, { error: bilingual('预到通知至少提前 1 分钟（1/60 小时）', 'preArrivalNoticeHours is at least one minute (1/60)') })
  .max(MAX_PRE_ARRIVAL_NOTICE_HOURS, {
    error: bilingual(`预到通知最多提前 ${MAX_PRE_ARRIVAL_NOTICE_HOURS} 小时`, `preArrivalNoticeHours is at most ${MAX_PRE_ARRIVAL_NOTICE_HOURS}`),
  });

const containerCapacitySchema = z
  .number({ error: bilingual('集装箱容量须为整数', 'containerCapacity must be an integer') })
  .int({ error: bilingual('集装箱容量须为整数', 'containerCapacity must be an integer') })
  .positive({ error: bilingual('集装箱容量须大于 0', 'containerCapacity must be positive') })
  .max(MAX_CONTAINERS_PER_TRAIN, {
    error: bilingual(`一列班列最多 ${MAX_CONTAINERS_PER_TRAIN} 个集装箱`, `a train carries at most ${MAX_CONTAINERS_PER_TRAIN} containers`),
  });

/** POST /trains. The first eight fields are the contract of issue 6; the rest are optional. */
export const trainRegistrationSchema = z
  .object({
    trainNumber: trainNumberSchema,
    direction: trainDirectionSchema,
    portCode: portCodeSchema,
    originCity: cityName,
    destinationCity: cityName,
    plannedDeparture: timestampSchema,
    plannedBorderCrossing: timestampSchema,
    plannedArrival: timestampSchema,
    /** A service of `reference/corridors.ts`; it names the inland bureau. */
    corridorId: z
      .string({ error: bilingual('线路编号须为字符串', 'corridorId must be a string') })
      .trim()
      .min(1, { error: bilingual('线路编号不能为空', 'corridorId must not be empty') })
      .max(MAX_REFERENCE_ID_LENGTH, { error: tooLong('线路编号', 'corridorId', MAX_REFERENCE_ID_LENGTH) })
      .optional(),
    /** Without a corridor: the bureau of the Chinese end (origin of outbound, destination of inbound). */
    inlandBureau: bureauCodeSchema.optional(),
    containerCapacity: containerCapacitySchema.optional(),
    preArrivalNoticeHours: preArrivalNoticeHoursSchema.optional(),
  })
  .superRefine((registration, ctx) => {
    for (const problem of timetableProblems(registration)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    if (registration.inlandBureau === 'HQ') {
      ctx.addIssue({ code: 'custom', path: ['inlandBureau'], message: bilingual('总局不是班列的内陆局', 'HQ cannot be the inland bureau of a train') });
    }
    if (registration.corridorId === undefined) return;
    const corridor = corridorById(registration.corridorId);
    if (!corridor) {
      ctx.addIssue({ code: 'custom', path: ['corridorId'], message: bilingual(`未知的班列线路 ${registration.corridorId}`, `unknown corridor ${registration.corridorId}`) });
      return;
    }
    if (!corridor.ports.includes(registration.portCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['portCode'],
        message: bilingual(`线路 ${corridor.id} 不经 ${registration.portCode} 口岸`, `corridor ${corridor.id} does not run through ${registration.portCode}`),
      });
    }
    if (registration.inlandBureau !== undefined && registration.inlandBureau !== corridor.originBureau) {
      ctx.addIssue({
        code: 'custom',
        path: ['inlandBureau'],
        message: bilingual(`线路 ${corridor.id} 的内陆局为 ${corridor.originBureau}`, `the inland bureau of corridor ${corridor.id} is ${corridor.originBureau}`),
      });
    }
  });
export type TrainRegistration = z.infer<typeof trainRegistrationSchema>;

/** The calendar day in Beijing time, the day officers plan by: it names trains and buckets them by border day. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export function beijingDay(timestamp: string): string {
  return new Date(Date.parse(timestamp) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * `X8001-20240301`: readable, and the same run registered twice (by the port and by the inland
 * bureau, say) lands on the same key, so the second registration is refused instead of doubling
 * the schedules.
 */
export function trainIdOf(registration: Pick<TrainRegistration, 'trainNumber' | 'plannedDeparture'>): string {
  return `${registration.trainNumber}-${beijingDay(registration.plannedDeparture).replaceAll('-', '')}`;
}

export const DEFAULT_PRE_ARRIVAL_NOTICE_HOURS = 6;

/** The stored train of a validated registration: status `scheduled`, version 1. */
export function createTrain(
  registration: TrainRegistration,
  meta: { at: string; by: Actor; defaultNoticeHours?: number },
): Train {
  const corridor = registration.corridorId !== undefined ? corridorById(registration.corridorId) : undefined;
  const inlandBureau = corridor?.originBureau ?? registration.inlandBureau;
  return {
    id: trainIdOf(registration),
    trainNumber: registration.trainNumber,
    direction: registration.direction,
    portCode: registration.portCode,
    portBureau: portBureau(registration.portCode),
    ...(registration.corridorId !== undefined && { corridorId: registration.corridorId }),
    ...(inlandBureau !== undefined && { inlandBureau }),
    originCity: registration.originCity,
    destinationCity: registration.destinationCity,
    plannedDeparture: registration.plannedDeparture,
    plannedBorderCrossing: registration.plannedBorderCrossing,
    plannedArrival: registration.plannedArrival,
    ...(registration.containerCapacity !== undefined && { containerCapacity: registration.containerCapacity }),
    preArrivalNoticeHours: registration.preArrivalNoticeHours ?? meta.defaultNoticeHours ?? DEFAULT_PRE_ARRIVAL_NOTICE_HOURS,
    status: 'scheduled',
    actual: {},
    registeredBy: meta.by,
    createdAt: meta.at,
    updatedAt: meta.at,
    version: 1,
  };
}

/** PATCH /trains/{id}: a timetable change, or the cancellation of the run. */
export const trainTimetableChangeSchema = z
  .object({
    plannedDeparture: timestampSchema.optional(),
    plannedBorderCrossing: timestampSchema.optional(),
    plannedArrival: timestampSchema.optional(),
    preArrivalNoticeHours: preArrivalNoticeHoursSchema.optional(),
    containerCapacity: containerCapacitySchema.optional(),
    status: z.literal('cancelled', { error: bilingual('只能将状态改为 cancelled', "status can only be changed to 'cancelled'") }).optional(),
    reason: z
      .string({ error: bilingual('取消原因须为字符串', 'reason must be a string') })
      .trim()
      .min(1, { error: bilingual('取消原因不能为空', 'reason must not be empty') })
      .max(MAX_CANCELLATION_REASON_LENGTH, { error: tooLong('取消原因', 'reason', MAX_CANCELLATION_REASON_LENGTH) })
      .optional(),
  })
  .strict()
  .superRefine((change, ctx) => {
    const fields = Object.keys(change).filter((k) => k !== 'reason');
    if (fields.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: bilingual('没有要修改的内容', 'nothing to change') });
    }
    if (change.status === 'cancelled') {
      for (const field of fields.filter((f) => f !== 'status')) {
        ctx.addIssue({ code: 'custom', path: [field], message: bilingual('取消班列时不能同时修改时刻表', 'a cancellation changes nothing else') });
      }
    } else if (change.reason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: bilingual('仅取消班列时填写原因', 'reason is for a cancellation') });
    }
  });
export type TrainTimetableChange = z.infer<typeof trainTimetableChangeSchema>;
