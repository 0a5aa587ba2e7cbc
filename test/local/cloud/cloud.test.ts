import { CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';
import { documentClient, schedulerClient, snsClient, stepFunctionsClient } from '#shared/aws/clients.ts';
import { testManifest } from '../fixtures/manifest.ts';
import { clearRecords, recorded, waitFor } from '../fixtures/recorder.ts';

let cloud: LocalCloud;
const envBefore = { ...process.env };

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, timeScale: 60, manifest: testManifest, log: () => undefined });
});
afterAll(async () => {
  await cloud?.close();
});

describe('startLocalCloud: one process, provisioned from the manifest', () => {
  it('points in-process handlers at the local endpoint through the standard environment', () => {
    expect(process.env).toMatchObject({
      AWS_ENDPOINT_URL: cloud.awsEndpointUrl,
      AWS_REGION: 'us-east-1',
      DOMAIN_TABLE: 'Domain',
      ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:Alerts',
      HELLO_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:Hello',
      TRAINS_SCHEDULE_GROUP: 'Trains',
    });
  });

  it('creates the manifest’s tables in DynamoDB, reachable through the product’s client factory', async () => {
    await documentClient().send(new PutCommand({ TableName: process.env.DOMAIN_TABLE, Item: { pk: 'CONSIGNMENT#C1', sk: 'META', port: 'Erenhot' } }));
    const { Item } = await documentClient().send(new GetCommand({ TableName: process.env.DOMAIN_TABLE, Key: { pk: 'CONSIGNMENT#C1', sk: 'META' } }));
    expect(Item).toMatchObject({ port: 'Erenhot' });
  });

  it('subscribes the manifest’s functions to its topics with their filter policies', async () => {
    clearRecords();
    const publish = (bureau: string) =>
      snsClient().send(new PublishCommand({ TopicArn: process.env.ALERTS_TOPIC_ARN, Message: `alert for ${bureau}`, MessageAttributes: { bureau: { DataType: 'String', StringValue: bureau }, kind: { DataType: 'String', StringValue: 'alert' } } }));
    await publish('NM');
    await publish('XJ');
    await waitFor(() => (recorded('alertsAll').length === 2 ? true : undefined), 3000, 'two deliveries');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const messages = (fn: string) => recorded<{ event: { Records: Array<{ Sns: { Message: string } }> } }>(fn).map((r) => r.event.Records[0]?.Sns.Message);
    expect(messages('alertsXinjiang')).toEqual(['alert for XJ']);
  });

  it('deploys the manifest’s state machines with local ARNs substituted, running handlers in-process', async () => {
    const { executionArn } = await stepFunctionsClient().send(new StartExecutionCommand({ stateMachineArn: process.env.HELLO_STATE_MACHINE_ARN, input: JSON.stringify({ train: 'X8001' }) }));
    const execution = await waitFor(async () => {
      const described = await stepFunctionsClient().send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described;
    }, 5000, 'the execution to finish');
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? 'null')).toEqual({ train: 'X8001' });
  });

  it('starts a state machine execution from an EventBridge Scheduler schedule in a manifest group', async () => {
    const due = new Date(cloud.clock.now() + 5_000).toISOString().slice(0, 19);
    await schedulerClient().send(
      new CreateScheduleCommand({
        Name: 'train-x8002-arrival',
        GroupName: process.env.TRAINS_SCHEDULE_GROUP,
        ScheduleExpression: `at(${due})`,
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { Arn: process.env.HELLO_STATE_MACHINE_ARN, RoleArn: process.env.TRAINS_SCHEDULE_GROUP_ROLE_ARN, Input: JSON.stringify({ train: 'X8002', at: '<aws.scheduler.scheduled-time>' }) },
      }),
    );
    const started = await waitFor(async () => {
      const { executions } = await stepFunctionsClient().send(new ListExecutionsCommand({ stateMachineArn: process.env.HELLO_STATE_MACHINE_ARN }));
      const found = [];
      for (const e of executions ?? []) {
        const described = await stepFunctionsClient().send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
        if (described.input?.includes('X8002')) found.push(described);
      }
      return found.length > 0 ? found : undefined;
    }, 5000, 'the scheduled execution');
    expect(JSON.parse(started[0]?.input ?? '{}')).toEqual({ train: 'X8002', at: `${due}Z` });
  });

  it('serves the manifest’s routes with the JWT authorizer and the local issuer’s tokens', async () => {
    const token = await cloud.mintToken({ bureau: 'XJ', role: 'officer' });
    const response = await fetch(`${cloud.apiUrl}/consignments/C1/port-checks`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
    expect(response.status).toBe(200);
    const seen = (await response.json()) as { event: { requestContext: { authorizer: { jwt: { claims: Record<string, string> } } } }; env: Record<string, string> };
    expect(seen.event.requestContext.authorizer.jwt.claims).toMatchObject({ iss: cloud.issuer, 'custom:bureau': 'XJ' });
    expect(seen.env).toMatchObject({ colour: 'blue', domainTable: 'Domain', endpoint: cloud.awsEndpointUrl });
    expect((await fetch(`${cloud.apiUrl}/consignments/C1/port-checks`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect(await (await fetch(`${cloud.apiUrl}/.well-known/openid-configuration`)).json()).toMatchObject({ issuer: cloud.issuer });
  });

  it('restores the process environment on close', async () => {
    const second = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, manifest: testManifest, log: () => undefined });
    expect(process.env.AWS_ENDPOINT_URL).toBe(second.awsEndpointUrl);
    await second.close();
    // The first cloud's settings were in place when the second started, so they come back.
    expect(process.env.AWS_ENDPOINT_URL).toBe(cloud.awsEndpointUrl);
    expect(envBefore.AWS_ENDPOINT_URL).toBeUndefined();
  });
});
