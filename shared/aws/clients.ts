import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { KMSClient } from '@aws-sdk/client-kms';

/**
 * The one factory for AWS clients. The SDK itself honours `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_<SERVICE>`, so the same code reaches AWS or the local cloud; this module only
 * makes sure each client is created once per process (Lambda reuses it across invocations) and
 * that all of them share one configuration.
 */

const region = () => process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

function once<T>(create: () => T): { (): T; reset(): void } {
  let instance: T | undefined;
  const get = () => (instance ??= create());
  get.reset = () => {
    instance = undefined;
  };
  return get;
}

export const dynamoDbClient = once(() => new DynamoDBClient({ region: region() }));

export const documentClient = once(() =>
  DynamoDBDocumentClient.from(dynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }),
);

export const stepFunctionsClient = once(() => new SFNClient({ region: region() }));

export const snsClient = once(() => new SNSClient({ region: region() }));

export const schedulerClient = once(() => new SchedulerClient({ region: region() }));

export const kmsClient = once(() => new KMSClient({ region: region() }));

/** Drops every cached client, for tests that point the process at a new local endpoint. */
export function resetClients(): void {
  [dynamoDbClient, documentClient, stepFunctionsClient, snsClient, schedulerClient, kmsClient].forEach((c) => c.reset());
}
