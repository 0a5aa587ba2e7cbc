import type { LambdaInvoker } from '../../lambda/invoker-types.ts';
import type { ChildExecution, Integrations, TaskCall, TaskOutcome } from './integration-types.ts';
import { invokeFunction, lambdaInvoke } from './lambda-task.ts';
import { SdkTasks } from './sdk-tasks.ts';

/** Routes a Task attempt to the Lambda invoker or to the SDK-backed service integrations. */
export function createIntegrations(options: {
  lambda: LambdaInvoker;
  awsEndpointUrl: () => string;
  /** Queues an activity task for its workers; false when the activity does not exist. */
  scheduleActivity?: (activityArn: string, token: string, input: unknown) => boolean;
}): Integrations {
  const sdk = new SdkTasks(options.awsEndpointUrl);
  return {
    async call({ resource, args, token }: TaskCall): Promise<TaskOutcome> {
      switch (resource.kind) {
        case 'lambda-function':
          return invokeFunction(options.lambda, resource.arn, args);
        case 'lambda':
          return lambdaInvoke(options.lambda, args);
        case 'sns':
          return sdk.snsPublish(args);
        case 'dynamodb':
          return sdk.dynamodb(resource.action, args);
        case 'states':
          return sdk.startExecution(args);
        case 'activity':
          if (token !== undefined && options.scheduleActivity?.(resource.resource, token, args)) return { ok: true, value: {} };
          return { ok: false, error: 'States.Runtime', cause: `Activity Does Not Exist: '${resource.resource}'` };
      }
    },
    describeExecution(executionArn: string): Promise<ChildExecution> {
      return sdk.describeExecution(executionArn);
    },
  };
}
