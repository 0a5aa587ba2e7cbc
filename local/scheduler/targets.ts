import { randomUUID } from 'node:crypto';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { LOCAL_REGION } from '../arns.ts';
import type { AsyncLambdaInvoker } from '../lambda/async-invoke.ts';
import type { ScheduleTarget } from './store.ts';

/**
 * Calling a schedule's target: a Step Functions state machine (templated target: StartExecution
 * with `Input`; or the universal target `arn:aws:scheduler:::aws-sdk:sfn:startExecution`) or a
 * Lambda function (asynchronous invocation). `Input` may use the context attributes
 * `<aws.scheduler.schedule-arn>`, `<aws.scheduler.scheduled-time>`,
 * `<aws.scheduler.execution-id>` and `<aws.scheduler.attempt-number>`.
 */
export interface TargetCall {
  scheduleArn: string;
  scheduledTime: number;
  executionId: string;
  attempt: number;
}

/** A failure that another attempt will not fix (validation, missing resource, access). */
export class PermanentTargetError extends Error {}

export function withContextAttributes(input: string | undefined, call: TargetCall): string | undefined {
  return input
    ?.replaceAll('<aws.scheduler.schedule-arn>', call.scheduleArn)
    .replaceAll('<aws.scheduler.scheduled-time>', new Date(call.scheduledTime).toISOString().replace(/\.\d{3}Z$/, 'Z'))
    .replaceAll('<aws.scheduler.execution-id>', call.executionId)
    .replaceAll('<aws.scheduler.attempt-number>', String(call.attempt));
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+(:[^:]+)?$/;
const UNIVERSAL_START_EXECUTION = /^arn:aws[a-z-]*:scheduler:::aws-sdk:sfn:startExecution$/;

export interface TargetInvoker {
  invoke(target: ScheduleTarget, groupName: string, call: TargetCall): Promise<void>;
  close(): void;
}

export function createTargetInvoker(options: {
  awsEndpointUrl: string;
  lambda: AsyncLambdaInvoker;
  /** Per schedule group, the state machines its schedules may start (the scheduler role's grant on AWS). */
  allowedStateMachines?: Record<string, string[]>;
}): TargetInvoker {
  const sfn = new SFNClient({
    endpoint: options.awsEndpointUrl,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

  async function startExecution(stateMachineArn: string, input: string | undefined, name: string | undefined, groupName: string): Promise<void> {
    const allowed = options.allowedStateMachines?.[groupName];
    if (allowed && !allowed.includes(stateMachineArn)) {
      throw new PermanentTargetError(`AccessDenied: schedules in group ${groupName} may not start ${stateMachineArn}`);
    }
    try {
      await sfn.send(new StartExecutionCommand({ stateMachineArn, input: input ?? '{}', ...(name && { name }) }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const throttled = error instanceof Error && /Throttl/.test(error.name);
      if (status !== undefined && status >= 400 && status < 500 && !throttled) throw new PermanentTargetError(`${(error as Error).name}: ${(error as Error).message}`);
      throw error;
    }
  }

  return {
    async invoke(target, groupName, call) {
      const input = withContextAttributes(target.Input, call);
      if (STATE_MACHINE_ARN.test(target.Arn)) return startExecution(target.Arn, input, undefined, groupName);
      if (UNIVERSAL_START_EXECUTION.test(target.Arn)) {
        const request = JSON.parse(input ?? '{}') as { StateMachineArn?: string; Input?: unknown; Name?: string };
        if (typeof request.StateMachineArn !== 'string') throw new PermanentTargetError('sfn:startExecution needs a StateMachineArn');
        const executionInput = typeof request.Input === 'string' ? request.Input : request.Input === undefined ? undefined : JSON.stringify(request.Input);
        return startExecution(request.StateMachineArn, executionInput, request.Name, groupName);
      }
      if (LAMBDA_ARN.test(target.Arn)) {
        let payload: unknown = input ?? {};
        try {
          payload = input === undefined ? {} : (JSON.parse(input) as unknown);
        } catch {
          payload = input;
        }
        options.lambda.invoke(target.Arn, payload);
        return;
      }
      throw new PermanentTargetError(`The local scheduler cannot call target ${target.Arn}`);
    },
    close: () => sfn.destroy(),
  };
}

export const newExecutionId = () => randomUUID();
