import { compactTime } from '../../domain/trains/timetable.ts';
import { trainRunStateMachineArn } from '../../orchestration/state-machines.ts';
import { schedules } from '../ports.ts';

/**
 * The timetable's schedules in EventBridge Scheduler (group `TrainTimetable`), and the starts of
 * the train-run workflow they stand for.
 *
 * Both schedules start the one `TrainRun` state machine, in two modes: `pre-arrival` (send the
 * manifest summary to the port bureau) and `border-crossing` (the train run). The Scheduler role
 * is the only principal that starts that workflow, and it may start nothing else (issue 7):
 * API functions only manage the schedules, and what is due at once (a notice whose moment has
 * passed, an early arrival) is a schedule set a few seconds ahead. The schedules use
 * Scheduler's universal target `aws-sdk:sfn:startExecution`, which lets a schedule name the
 * execution: a train's run is always `<trainId>-run`, so Step Functions refuses a second run of
 * one train whatever fires twice.
 *
 * Schedule names derive from the train id, so creating them again updates them (idempotent).
 * Times are UTC `at()` expressions; after firing, Scheduler deletes them (`ActionAfterCompletion`).
 */
export type TrainRunMode = 'pre-arrival' | 'border-crossing';
/** What fired the schedule: its planned moment, or an early arrival that moved it to now. */
export type TrainRunTrigger = 'schedule' | 'arrival-event';

export interface TrainRunInput {
  mode: TrainRunMode;
  trainId: string;
  trigger: TrainRunTrigger;
}

export const trainScheduleNames = (trainId: string) => ({
  preArrivalNotice: `${trainId}-pre-arrival`,
  borderCrossing: `${trainId}-border-crossing`,
});

export const runExecutionName = (trainId: string) => `${trainId}-run`;
/** One notice per planned crossing: a rescheduled train gets a fresh notice, a retry does not. */
export const noticeExecutionName = (trainId: string, plannedBorderCrossing: string) => `${trainId}-notice-${compactTime(plannedBorderCrossing)}`;

/** Creates the schedule, or moves it when it exists. */
export function upsertTrainSchedule(name: string, at: string, execution: { name: string; input: TrainRunInput }, description: string): Promise<void> {
  return schedules().upsert(name, { at, stateMachineArn: trainRunStateMachineArn(), executionName: execution.name, input: execution.input, description });
}

/** Deletes a schedule; one already gone (fired, or deleted before) is fine. */
export function deleteTrainSchedule(name: string): Promise<void> {
  return schedules().delete(name);
}
