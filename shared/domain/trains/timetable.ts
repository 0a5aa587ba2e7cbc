import { bilingual } from '../text.ts';
import type { Train, TrainTimetable } from '../train.ts';

/**
 * The timetable of a run and what it means for the schedules that drive the train-run workflow:
 * a pre-arrival notice some hours before the border crossing, and the crossing itself.
 */

/** Departure, then the border, then arrival; each strictly after the one before. */
export function timetableProblems(timetable: Partial<TrainTimetable>): Array<{ path: keyof TrainTimetable; message: string }> {
  const at = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));
  const departure = at(timetable.plannedDeparture);
  const crossing = at(timetable.plannedBorderCrossing);
  const arrival = at(timetable.plannedArrival);
  const problems: Array<{ path: keyof TrainTimetable; message: string }> = [];
  if (departure !== undefined && crossing !== undefined && !(crossing > departure)) {
    problems.push({
      path: 'plannedBorderCrossing',
      message: bilingual('计划过境时间须晚于计划发车时间', 'plannedBorderCrossing must be after plannedDeparture'),
    });
  }
  if (crossing !== undefined && arrival !== undefined && !(arrival > crossing)) {
    problems.push({
      path: 'plannedArrival',
      message: bilingual('计划到达时间须晚于计划过境时间', 'plannedArrival must be after plannedBorderCrossing'),
    });
  }
  return problems;
}

/** When the port bureau gets the manifest summary: `hours` before the planned crossing. */
export function preArrivalNoticeAt(train: Pick<Train, 'plannedBorderCrossing' | 'preArrivalNoticeHours'>): string {
  return new Date(Date.parse(train.plannedBorderCrossing) - Math.round(train.preArrivalNoticeHours * 3_600_000)).toISOString();
}

/** The pre-arrival notice went out for the crossing now planned (not for an earlier plan). */
export function noticeSentForCrossing(train: Pick<Train, 'plannedBorderCrossing' | 'preArrivalNotice'>): boolean {
  return train.preArrivalNotice !== undefined && Date.parse(train.preArrivalNotice.forCrossing) === Date.parse(train.plannedBorderCrossing);
}

/**
 * EventBridge Scheduler invokes with one-minute precision, so a moment due within this margin
 * counts as come. What is due is still done through a schedule, set a few seconds ahead: the
 * Scheduler is the only thing that starts the train-run workflow (least privilege, one path,
 * and the run's fixed execution name keeps it to one run per train).
 */
const SCHEDULER_PRECISION_MS = 60_000;
const IMMEDIATE_DELAY_MS = 2_000;

export type ScheduledMoment = { kind: 'schedule'; at: string; immediate: boolean };
export type NoticePlan = ScheduledMoment | { kind: 'none'; reason: 'already-sent' | 'run-started' };
export type CrossingPlan = ScheduledMoment | { kind: 'none'; reason: 'run-started' };

export interface SchedulePlan {
  preArrivalNotice: NoticePlan;
  borderCrossing: CrossingPlan;
}

/** The planned moment, or (when it has come) a whole second a little after `now`. */
export function scheduledMoment(planned: string, now: Date): ScheduledMoment {
  if (Date.parse(planned) > now.getTime() + SCHEDULER_PRECISION_MS) return { kind: 'schedule', at: new Date(planned).toISOString(), immediate: false };
  return { kind: 'schedule', at: new Date(Math.ceil((now.getTime() + IMMEDIATE_DELAY_MS) / 1000) * 1000).toISOString(), immediate: true };
}

/**
 * What to arm for a scheduled train at `now`. A notice already sent for the same planned crossing
 * is not repeated; one sent for an earlier plan is, so the port learns the new time. A moment
 * already come (registered late, or rescheduled into the past) is armed to fire at once. Once
 * the run has started (the train reached the border), nothing is scheduled any more.
 */
export function planSchedules(
  train: Pick<Train, 'plannedBorderCrossing' | 'preArrivalNoticeHours' | 'preArrivalNotice' | 'run'>,
  now: Date,
): SchedulePlan {
  if (train.run) return { preArrivalNotice: { kind: 'none', reason: 'run-started' }, borderCrossing: { kind: 'none', reason: 'run-started' } };
  return {
    preArrivalNotice: noticeSentForCrossing(train) ? { kind: 'none', reason: 'already-sent' } : scheduledMoment(preArrivalNoticeAt(train), now),
    borderCrossing: scheduledMoment(train.plannedBorderCrossing, now),
  };
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC (the schedule's ScheduleExpressionTimezone). */
export function atExpression(timestamp: string): string {
  return `at(${new Date(timestamp).toISOString().slice(0, 19)})`;
}

/** `20240301T020000Z`, for names that must be unique per planned time. */
export function compactTime(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '') + 'Z';
}
