import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { schedulerClient } from '../aws/clients.ts';
import { atExpression, compactTime } from '../domain/trains/timetable.ts';
import { requiredEnv } from '../config/required-env.ts';

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
export const UNIVERSAL_START_EXECUTION = 'arn:aws:scheduler:::aws-sdk:sfn:startExecution';

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

const scheduleGroup = () => requiredEnv('TRAIN_TIMETABLE_SCHEDULE_GROUP');
const schedulerRoleArn = () => requiredEnv('TRAIN_TIMETABLE_SCHEDULE_GROUP_ROLE_ARN');
const trainRunStateMachineArn = () => requiredEnv('TRAIN_RUN_STATE_MACHINE_ARN');

/** Creates the schedule, or moves it when it exists. */
export async function upsertTrainSchedule(name: string, at: string, execution: { name: string; input: TrainRunInput }, description: string): Promise<void> {
  const request: CreateScheduleCommandInput = {
    Name: name,
    GroupName: scheduleGroup(),
    Description: description,
    ScheduleExpression: atExpression(at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: UNIVERSAL_START_EXECUTION,
      RoleArn: schedulerRoleArn(),
      Input: JSON.stringify({ StateMachineArn: trainRunStateMachineArn(), Name: execution.name, Input: JSON.stringify(execution.input) }),
      // A crossing that cannot start its run within a day is past helping; the port is told by other means.
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 20 },
    },
  };
  try {
    await schedulerClient().send(new CreateScheduleCommand(request));
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
    await schedulerClient().send(new UpdateScheduleCommand(request));
  }
}

/** Deletes a schedule; one already gone (fired, or deleted before) is fine. */
export async function deleteTrainSchedule(name: string): Promise<void> {
  try {
    await schedulerClient().send(new DeleteScheduleCommand({ Name: name, GroupName: scheduleGroup() }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}
