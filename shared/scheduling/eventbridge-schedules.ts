import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { schedulerClient } from '../aws/clients.ts';
import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';
import { atExpression } from '../domain/trains/timetable.ts';
import type { WorkflowSchedules } from './workflow-schedules.ts';

/**
 * Scheduler's universal target `aws-sdk:sfn:startExecution` lets a schedule name the execution it
 * starts. Times are UTC `at()` expressions; after firing, Scheduler deletes the schedule
 * (`ActionAfterCompletion`). The schedule group's role is the only principal that starts the
 * scheduled workflows.
 */
export const UNIVERSAL_START_EXECUTION = 'arn:aws:scheduler:::aws-sdk:sfn:startExecution';

const scheduleGroup = () => requiredEnv(ENV.trainTimetableScheduleGroup);
const schedulerRoleArn = () => requiredEnv(ENV.trainTimetableScheduleRoleArn);

export const eventBridgeSchedules: WorkflowSchedules = {
  async upsert(name, start) {
    const request: CreateScheduleCommandInput = {
      Name: name,
      GroupName: scheduleGroup(),
      Description: start.description,
      ScheduleExpression: atExpression(start.at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: UNIVERSAL_START_EXECUTION,
        RoleArn: schedulerRoleArn(),
        Input: JSON.stringify({
          StateMachineArn: start.stateMachineArn,
          Name: start.executionName,
          Input: JSON.stringify(start.input),
        }),
        // A start that cannot happen within a day is past helping; the bureaus are told by other means.
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 20 },
      },
    };
    try {
      await schedulerClient().send(new CreateScheduleCommand(request));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await schedulerClient().send(new UpdateScheduleCommand(request));
    }
  },

  async delete(name) {
    try {
      await schedulerClient().send(new DeleteScheduleCommand({ Name: name, GroupName: scheduleGroup() }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  },
};
