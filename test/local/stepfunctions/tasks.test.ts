import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody, type AwsProtocolService } from '#local/aws-endpoint.ts';
import { lambdaArn } from '#local/arns.ts';
import { createDynamoDbService, type DynamoDbService } from '#local/dynamodb/dynalite-service.ts';
import { JSONATA, createMachine, history, runToEnd, startHarness, types, waitForEnd, type Harness } from './harness.ts';

/**
 * Task resources: Lambda (optimised integration and bare function ARN) through the pluggable
 * invoker; SNS, DynamoDB and Step Functions through the AWS SDK against the local endpoint.
 *
 * SNS here is a test double of the SNS Publish API (query protocol) that records what the engine
 * sends, so the test checks the request itself. DynamoDB is the local cloud's dynalite service.
 */
const published: Array<Record<string, string>> = [];
const snsDouble: AwsProtocolService = {
  name: 'sns-double',
  accepts: (req) => req.method === 'POST' && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'),
  async handle(req: IncomingMessage, res: ServerResponse) {
    const params = Object.fromEntries(new URLSearchParams((await readBody(req)).toString('utf8')));
    const xml = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(body);
    };
    if (params.TopicArn?.endsWith(':missing')) {
      xml(404, '<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r-1</RequestId></ErrorResponse>');
      return;
    }
    published.push(params);
    xml(200, `<PublishResponse><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></PublishResponse>`);
  },
};

let h: Harness;
let dynamo: DynamoDbService;
let ddb: DynamoDBClient;
beforeAll(async () => {
  dynamo = await createDynamoDbService({ dataDir: ':memory:' });
  h = await startHarness({ extraServices: [dynamo, snsDouble] });
  ddb = new DynamoDBClient({ endpoint: h.endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ddb.send(
    new CreateTableCommand({
      TableName: 'Permits',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  h.invoker.register('grade', (payload) => ({ grade: 'A', for: payload }));
});
afterAll(async () => {
  ddb.destroy();
  await h.close();
  await dynamo.close();
});

const single = (state: Record<string, unknown>) => ({ ...JSONATA, StartAt: 'T', States: { T: { Type: 'Task', End: true, ...state } } });

describe('Lambda', () => {
  it('lambda:invoke wraps the result like the Invoke API (ExecutedVersion, Payload, StatusCode, Sdk*Metadata)', async () => {
    const result = await runToEnd(h, single({ Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'grade', Payload: { wagon: 'W1' } } }));
    const output = JSON.parse(result.output ?? '') as Record<string, unknown>;
    expect(output).toMatchObject({ ExecutedVersion: '$LATEST', Payload: { grade: 'A', for: { wagon: 'W1' } }, StatusCode: 200 });
    expect(output.SdkHttpMetadata).toMatchObject({ HttpStatusCode: 200 });
    expect(output.SdkResponseMetadata).toHaveProperty('RequestId');
  });

  it('a bare function ARN passes the raw payload and writes LambdaFunction* events (AWS)', async () => {
    const result = await runToEnd(h, single({ Resource: lambdaArn('grade'), Arguments: { wagon: 'W2' }, TimeoutSeconds: 30 }));
    expect(JSON.parse(result.output ?? '')).toEqual({ grade: 'A', for: { wagon: 'W2' } });
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expect(events[2]?.lambdaFunctionScheduledEventDetails).toEqual({
      resource: lambdaArn('grade'),
      input: '{"wagon":"W2"}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 30,
    });
  });

  it('InvocationType Event returns StatusCode 202 at once and the function still runs', async () => {
    let ran = false;
    h.invoker.register('fireAndForget', () => {
      ran = true;
      return {};
    });
    const result = await runToEnd(h, single({ Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'fireAndForget', InvocationType: 'Event' } }));
    expect(JSON.parse(result.output ?? '')).toMatchObject({ StatusCode: 202 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(true);
  });
});

describe('SNS', () => {
  it('sns:publish sends Publish through the SDK (object Message as JSON, attributes) and returns MessageId', async () => {
    const topic = 'arn:aws:sns:us-east-1:000000000000:bureau-alerts';
    const result = await runToEnd(
      h,
      single({
        Resource: 'arn:aws:states:::sns:publish',
        Arguments: {
          TopicArn: topic,
          Subject: 'Inspection due',
          Message: { consignment: '{% $states.input.id %}' },
          MessageAttributes: { bureau: { DataType: 'String', StringValue: 'ERENHOT' } },
        },
      }),
      { id: 'C-77' },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? '')).toHaveProperty('MessageId');
    const sent = published.at(-1);
    expect(sent).toMatchObject({
      Action: 'Publish',
      TopicArn: topic,
      Subject: 'Inspection due',
      Message: '{"consignment":"C-77"}',
      'MessageAttributes.entry.1.Name': 'bureau',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'ERENHOT',
    });
    const scheduled = (await history(h, result.executionArn)).find((e) => e.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({ resourceType: 'sns', resource: 'publish' });
  });

  it('sns:publish.waitForTaskToken puts the token in the message and waits for it', async () => {
    const arn = await createMachine(
      h,
      single({
        Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
        Arguments: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:decisions', Message: { token: '{% $states.context.Task.Token %}' } },
      }),
    );
    const before = published.length;
    const { executionArn } = await runStart(arn);
    const message = await until(() => published.slice(before).find((p) => p.TopicArn?.endsWith(':decisions')));
    const { token } = JSON.parse(message.Message ?? '{}') as { token: string };
    await h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"decision":"release"}' }));
    expect((await waitForEnd(h, executionArn)).output).toBe('{"decision":"release"}');
  });

  it('an SNS error fails the task as SNS.<Exception>', async () => {
    const result = await runToEnd(h, single({ Resource: 'arn:aws:states:::sns:publish', Arguments: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:missing', Message: 'x' } }));
    expect(result.error).toBe('SNS.NotFoundException');
    expect(result.cause).toContain('Topic does not exist');
  });
});

describe('DynamoDB', () => {
  it('putItem, getItem, updateItem (conditional) and deleteItem call the local DynamoDB', async () => {
    const result = await runToEnd(
      h,
      {
        ...JSONATA,
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Arguments: { TableName: 'Permits', Item: { pk: { S: '{% $states.input.permit %}' }, remaining: { N: '10' } } },
            Next: 'WriteOff',
          },
          WriteOff: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:updateItem',
            Arguments: {
              TableName: 'Permits',
              Key: { pk: { S: 'P-1' } },
              UpdateExpression: 'SET remaining = remaining - :q',
              ConditionExpression: 'remaining >= :q',
              ExpressionAttributeValues: { ':q': { N: '4' } },
              ReturnValues: 'ALL_NEW',
            },
            Output: '{% $states.result.Attributes.remaining.N %}',
            Next: 'Read',
          },
          Read: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:getItem',
            Arguments: { TableName: 'Permits', Key: { pk: { S: 'P-1' } } },
            Output: { afterWriteOff: '{% $states.input %}', item: '{% $states.result.Item %}' },
            End: true,
          },
        },
      },
      { permit: 'P-1' },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? '')).toEqual({ afterWriteOff: '6', item: { pk: { S: 'P-1' }, remaining: { N: '6' } } });
    const item = await ddb.send(new GetItemCommand({ TableName: 'Permits', Key: { pk: { S: 'P-1' } } }));
    expect(item.Item?.remaining?.N).toBe('6');

    const removed = await runToEnd(h, single({ Resource: 'arn:aws:states:::dynamodb:deleteItem', Arguments: { TableName: 'Permits', Key: { pk: { S: 'P-1' } } } }));
    expect(removed.status).toBe('SUCCEEDED');
    expect((await ddb.send(new GetItemCommand({ TableName: 'Permits', Key: { pk: { S: 'P-1' } } }))).Item).toBeUndefined();
  });

  it('a failed condition fails the task as DynamoDB.ConditionalCheckFailedException', async () => {
    const result = await runToEnd(
      h,
      single({
        Resource: 'arn:aws:states:::dynamodb:updateItem',
        Arguments: {
          TableName: 'Permits',
          Key: { pk: { S: 'P-none' } },
          UpdateExpression: 'SET remaining = :z',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':z': { N: '0' } },
        },
      }),
    );
    expect(result.error).toBe('DynamoDB.ConditionalCheckFailedException');
  });
});

describe('Step Functions', () => {
  const child = { ...JSONATA, StartAt: 'Work', States: { Work: { Type: 'Pass', Output: { doubled: '{% $states.input.n * 2 %}' }, End: true } } };
  const failingChild = { ...JSONATA, StartAt: 'Bad', States: { Bad: { Type: 'Fail', Error: 'Child.Failed', Cause: 'no' } } };

  it('states:startExecution starts the child and returns ExecutionArn and StartDate', async () => {
    const childArn = await createMachine(h, child);
    const result = await runToEnd(h, single({ Resource: 'arn:aws:states:::states:startExecution', Arguments: { StateMachineArn: childArn, Input: { n: 1 } } }));
    const output = JSON.parse(result.output ?? '') as { ExecutionArn: string; StartDate: number };
    expect(output.ExecutionArn).toContain(':execution:');
    expect(typeof output.StartDate).toBe('number');
    expect((await waitForEnd(h, output.ExecutionArn)).output).toBe('{"doubled":2}');
  });

  it('states:startExecution.sync:2 waits for the child and returns its description with Output as JSON', async () => {
    const childArn = await createMachine(h, child);
    const result = await runToEnd(h, single({ Resource: 'arn:aws:states:::states:startExecution.sync:2', Arguments: { StateMachineArn: childArn, Input: { n: 21 } } }));
    expect(JSON.parse(result.output ?? '')).toMatchObject({ Status: 'SUCCEEDED', Output: { doubled: 42 }, Input: { n: 21 }, StateMachineArn: childArn });
    const t = types(await history(h, result.executionArn));
    expect(t).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  });

  it('states:startExecution.sync returns Output as a string; a failed child fails the task with States.TaskFailed', async () => {
    const childArn = await createMachine(h, child);
    const sync = await runToEnd(h, single({ Resource: 'arn:aws:states:::states:startExecution.sync', Arguments: { StateMachineArn: childArn, Input: { n: 2 } } }));
    expect(JSON.parse(sync.output ?? '')).toMatchObject({ Output: '{"doubled":4}' });
    const failingArn = await createMachine(h, failingChild);
    const failed = await runToEnd(h, single({ Resource: 'arn:aws:states:::states:startExecution.sync:2', Arguments: { StateMachineArn: failingArn } }));
    expect(failed.error).toBe('States.TaskFailed');
    expect(JSON.parse(failed.cause ?? '')).toMatchObject({ Status: 'FAILED', Error: 'Child.Failed' });
  });

  it('states:startExecution.waitForTaskToken passes the token to the child, which completes the parent', async () => {
    h.invoker.register('relay', async (payload) => {
      const { token } = payload as { token: string };
      await h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"fromChild":true}' }));
      return {};
    });
    const childArn = await createMachine(h, {
      ...JSONATA,
      StartAt: 'Relay',
      States: { Relay: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'relay', Payload: '{% $states.input %}' }, End: true } },
    });
    const result = await runToEnd(
      h,
      single({ Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken', Arguments: { StateMachineArn: childArn, Input: { token: '{% $states.context.Task.Token %}' } } }),
    );
    expect(result.output).toBe('{"fromChild":true}');
  });
});

async function runStart(stateMachineArn: string) {
  const out = await h.client.send(new StartExecutionCommand({ stateMachineArn }));
  return { executionArn: out.executionArn as string };
}

async function until<T>(find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
