import { Agent, request } from 'node:http';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, ROLE, errorOf, sfnClient, startHarness, uniqueName, type Harness } from './harness.ts';

/**
 * EXPRESS state machines and StartSyncExecution. Expected answers are AWS's, as recorded in
 * LocalStack's AWS-validated tests/aws/services/stepfunctions/v2/test_sfn_api_express.snapshot.json
 * and test_sfn_api.snapshot.json (test_start_sync_execution on a STANDARD machine).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.invoker.register('double', (payload) => ({ doubled: (payload as { n: number }).n * 2 }));
});
afterAll(() => h.close());

const express = async (definition: object) =>
  (await h.client.send(new CreateStateMachineCommand({ name: uniqueName('express'), type: 'EXPRESS', definition: JSON.stringify(definition), roleArn: ROLE }))).stateMachineArn!;

const doubling = {
  ...JSONATA,
  StartAt: 'Double',
  States: { Double: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'double', Payload: '{% $states.input %}' }, Output: '{% $states.result.Payload %}', End: true } },
};

/**
 * StartSyncExecution goes to the `sync-` prefixed host (the SDK adds it). Locally that name does
 * not resolve, so an SDK user either sets `disableHostPrefix: true`, as here, or gives the client
 * an endpoint whose `sync-` name resolves to the local endpoint.
 */
const syncClient = () => sfnClient(h.endpoint.url, { disableHostPrefix: true });

describe('EXPRESS state machines', () => {
  it('are created and described with type EXPRESS', async () => {
    const arn = await express(doubling);
    expect(await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).toMatchObject({ type: 'EXPRESS', status: 'ACTIVE' });
  });

  it('StartSyncExecution answers with the finished execution (AWS: test_start_sync_execution)', async () => {
    const arn = await express(doubling);
    const sync = syncClient();
    const out = await sync.send(new StartSyncExecutionCommand({ stateMachineArn: arn, name: 'run-1', input: JSON.stringify({ n: 21 }) }));
    sync.destroy();
    expect(out).toMatchObject({
      stateMachineArn: arn,
      name: 'run-1',
      status: 'SUCCEEDED',
      input: '{"n":21}',
      inputDetails: { included: true },
      output: '{"doubled":42}',
      outputDetails: { included: true },
      billingDetails: { billedMemoryUsedInMB: 64 },
    });
    expect(out.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:express-[^:]+:run-1:[0-9a-f-]{36}$/);
    expect(out.startDate).toBeInstanceOf(Date);
    expect(out.stopDate).toBeInstanceOf(Date);
    expect(out.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);
  });

  it('StartSyncExecution reports a failed run with its error and cause', async () => {
    const arn = await express({ ...JSONATA, StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Oops', Cause: 'on purpose' } } });
    const sync = syncClient();
    const out = await sync.send(new StartSyncExecutionCommand({ stateMachineArn: arn }));
    sync.destroy();
    expect(out).toMatchObject({ status: 'FAILED', error: 'Oops', cause: 'on purpose' });
  });

  it('is served on the sync- prefixed host as the SDK sends it, where that name resolves to the endpoint', async () => {
    const arn = await express(doubling);
    const port = new URL(h.endpoint.url).port;
    // Stands in for DNS that resolves sync-<name> (e.g. a wildcard record for the local host).
    const agent = new Agent({ lookup: (_host, options, callback) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) });
    const prefixed = sfnClient(`http://local-sfn.test:${port}`, { requestHandler: new NodeHttpHandler({ httpAgent: agent }) });
    const hosts: string[] = [];
    prefixed.middlewareStack.add(
      (next) => async (args) => {
        hosts.push(String((args.request as { hostname?: string }).hostname));
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    const out = await prefixed.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ n: 1 }) }));
    prefixed.destroy();
    agent.destroy();
    expect(hosts).toEqual(['sync-local-sfn.test']);
    expect(out.output).toBe('{"doubled":2}');
  });

  it('is served when the client uses the endpoint as its HTTP proxy, as the AWS CLI does with HTTP_PROXY (absolute URL to sync-127.0.0.1)', async () => {
    const arn = await express(doubling);
    const { port } = new URL(h.endpoint.url);
    const body = JSON.stringify({ stateMachineArn: arn, input: JSON.stringify({ n: 5 }) });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          // What a client sends to an HTTP proxy: the absolute URL of the (unresolvable) prefixed host.
          path: `http://sync-127.0.0.1:${port}/`,
          headers: { host: `sync-127.0.0.1:${port}`, 'x-amz-target': 'AWSStepFunctions.StartSyncExecution', 'content-type': 'application/x-amz-json-1.0' },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'SUCCEEDED', output: '{"doubled":10}' });
  });

  it('StartExecution runs it asynchronously; no history is kept, so DescribeExecution & co. answer InvalidArn and ListExecutions StateMachineTypeNotSupported (AWS)', async () => {
    const arn = await express(doubling);
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ n: 2 }) }));
    expect(executionArn).toContain(':express:');
    await expect.poll(() => h.invoker.calls.some((c) => (c.payload as { n?: number }).n === 2)).toBe(true);
    const invalid = "Invalid Arn: 'Resource type not valid in this context: express'";
    for (const call of [
      h.client.send(new DescribeExecutionCommand({ executionArn })),
      h.client.send(new StopExecutionCommand({ executionArn })),
      h.client.send(new GetExecutionHistoryCommand({ executionArn })),
    ]) {
      expect(await errorOf(call)).toMatchObject({ name: 'InvalidArn', message: invalid });
    }
    expect(await errorOf(h.client.send(new ListExecutionsCommand({ stateMachineArn: arn })))).toMatchObject({
      name: 'StateMachineTypeNotSupported',
      message: 'This operation is not supported by this type of state machine',
    });
  });

  it('StartSyncExecution of a STANDARD machine answers StateMachineTypeNotSupported (AWS)', async () => {
    const { stateMachineArn } = await h.client.send(new CreateStateMachineCommand({ name: uniqueName('standard'), definition: JSON.stringify(doubling), roleArn: ROLE }));
    const sync = syncClient();
    const error = await errorOf(sync.send(new StartSyncExecutionCommand({ stateMachineArn })));
    sync.destroy();
    expect(error).toMatchObject({ name: 'StateMachineTypeNotSupported', message: 'This operation is not supported by this type of state machine' });
  });

  it('refuses callbacks, .sync and activities in an EXPRESS definition with AWS texts', async () => {
    const task = (Resource: string) => ({ ...JSONATA, StartAt: 'T', States: { T: { Type: 'Task', Resource, End: true } } });
    const cases: Array<[string, string]> = [
      ['arn:aws:states:::sns:publish.waitForTaskToken', "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/T/Resource"],
      ['arn:aws:states:::states:startExecution.sync', "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration at /States/T/Resource"],
      ['arn:aws:states:us-east-1:000000000000:activity:work', 'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/T/Resource'],
    ];
    for (const [resource, message] of cases) {
      expect(await errorOf(express(task(resource)))).toMatchObject({ name: 'InvalidDefinition', message: `Invalid State Machine Definition: '${message}'` });
    }
  });
});
