import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { LOCAL_REGION } from '../../arns.ts';
import { isObject } from '../asl-types.ts';
import type { DynamoDbAction } from '../resources.ts';
import type { ChildExecution, TaskOutcome } from './integration-types.ts';
import { sdkMetadata } from './lambda-task.ts';

/**
 * The service integrations that AWS runs through the service APIs: SNS Publish, DynamoDB item
 * calls and Step Functions StartExecution. They go through the AWS SDK to the local endpoint, as
 * they would to the real services. The engine is infrastructure, so it builds its own clients
 * (once, lazily, since the endpoint URL is known only once it listens).
 */
interface SdkClients {
  sns: SNSClient;
  dynamodb: DynamoDBClient;
  sfn: SFNClient;
}

interface SdkFailure {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const SERVICE_NAMES = { SNS: 'AmazonSNS', DynamoDB: 'AmazonDynamoDBv2', StepFunctions: 'AWSStepFunctions' } as const;

export class SdkTasks {
  private clients: SdkClients | undefined;

  constructor(private readonly endpointUrl: () => string) {}

  private get sdk(): SdkClients {
    if (!this.clients) {
      const config = {
        endpoint: this.endpointUrl(),
        region: LOCAL_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      };
      this.clients = { sns: new SNSClient(config), dynamodb: new DynamoDBClient(config), sfn: new SFNClient(config) };
    }
    return this.clients;
  }

  async snsPublish(args: unknown): Promise<TaskOutcome> {
    if (!isObject(args)) return badArguments('sns:publish');
    const message = typeof args.Message === 'string' || args.Message === undefined ? args.Message : JSON.stringify(args.Message);
    return this.send('SNS', () => this.sdk.sns.send(new PublishCommand({ ...(args as object), Message: message } as never)));
  }

  async dynamodb(action: DynamoDbAction, args: unknown): Promise<TaskOutcome> {
    if (!isObject(args)) return badArguments(`dynamodb:${action}`);
    const input = args as never;
    const client = this.sdk.dynamodb;
    const command = {
      getItem: () => client.send(new GetItemCommand(input)),
      putItem: () => client.send(new PutItemCommand(input)),
      updateItem: () => client.send(new UpdateItemCommand(input)),
      deleteItem: () => client.send(new DeleteItemCommand(input)),
    }[action];
    return this.send('DynamoDB', command);
  }

  async startExecution(args: unknown): Promise<TaskOutcome> {
    if (!isObject(args)) return badArguments('states:startExecution');
    const input = args.Input === undefined || typeof args.Input === 'string' ? args.Input : JSON.stringify(args.Input);
    return this.send('StepFunctions', async () => {
      const result = await this.sdk.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: String(args.StateMachineArn),
          ...(typeof args.Name === 'string' ? { name: args.Name } : {}),
          ...(input === undefined ? {} : { input: input as string }),
        }),
      );
      return { ExecutionArn: result.executionArn, StartDate: result.startDate?.getTime(), $metadata: result.$metadata };
    });
  }

  async describeExecution(executionArn: string): Promise<ChildExecution> {
    const out = await this.sdk.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return {
      executionArn,
      stateMachineArn: out.stateMachineArn ?? '',
      name: out.name ?? '',
      status: out.status ?? 'RUNNING',
      startDate: out.startDate?.getTime() ?? 0,
      ...(out.stopDate ? { stopDate: out.stopDate.getTime() } : {}),
      ...(out.input === undefined ? {} : { input: out.input }),
      ...(out.output === undefined ? {} : { output: out.output }),
      ...(out.error === undefined ? {} : { error: out.error }),
      ...(out.cause === undefined ? {} : { cause: out.cause }),
    };
  }

  private async send(service: keyof typeof SERVICE_NAMES, call: () => Promise<{ $metadata?: { requestId?: string } }>): Promise<TaskOutcome> {
    try {
      const { $metadata, ...response } = await call();
      return { ok: true, value: { ...response, ...sdkMetadata($metadata?.requestId ?? '', 200) } };
    } catch (error) {
      const failure = error as SdkFailure;
      const name = failure.name ?? 'Exception';
      const status = failure.$metadata?.httpStatusCode ?? 500;
      return {
        ok: false,
        error: `${service}.${name}`,
        cause: `${failure.message ?? String(error)} (Service: ${SERVICE_NAMES[service]}; Status Code: ${status}; Error Code: ${name}; Request ID: ${failure.$metadata?.requestId ?? 'local'}; Proxy: null)`,
      };
    }
  }
}

const badArguments = (resource: string): TaskOutcome => ({
  ok: false,
  error: 'States.Runtime',
  cause: `The Arguments of ${resource} must be a JSON object`,
});
