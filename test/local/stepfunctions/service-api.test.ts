import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, ROLE, createMachine, errorOf, startExecution, startHarness, uniqueName, waitForEnd, type Harness } from './harness.ts';

/**
 * The Step Functions API around the interpreter: tags, ARN checks, DescribeStateMachineForExecution,
 * deleting a machine that still runs, ValidateStateMachineDefinition. Expected answers are AWS's,
 * as recorded in LocalStack's AWS-validated snapshots (tests/aws/services/stepfunctions/v2/
 * test_sfn_api.snapshot.json, test_sfn_api_tagging.snapshot.json) and the API reference.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const passMachine = { ...JSONATA, Comment: 'pass', StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } };
const waitMachine = { ...JSONATA, StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

describe('tags', () => {
  it('keeps the tags given at CreateStateMachine, adds, overwrites and removes them (AWS: test_sfn_api_tagging)', async () => {
    const name = uniqueName('tags');
    const { stateMachineArn } = await h.client.send(
      new CreateStateMachineCommand({ name, definition: JSON.stringify(passMachine), roleArn: ROLE, tags: [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }] }),
    );
    const tags = async () => (await h.client.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags;
    expect(await tags()).toEqual([{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }]);
    await h.client.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'key1', value: '' }, { key: 'key3', value: 'v3' }] }));
    expect(await tags()).toEqual([{ key: 'key1', value: '' }, { key: 'key2', value: 'value2' }, { key: 'key3', value: 'v3' }]);
    await h.client.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['key1', 'key1', 'absent'] }));
    expect(await tags()).toEqual([{ key: 'key2', value: 'value2' }, { key: 'key3', value: 'v3' }]);
  });

  it('answers ResourceNotFound for a machine that does not exist', async () => {
    const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:nope';
    const error = await errorOf(h.client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k', value: 'v' }] })));
    expect(error).toMatchObject({ name: 'ResourceNotFound', message: `Resource not found: '${arn}'` });
  });
});

describe('InvalidArn', () => {
  it('answers every operation that takes an ARN with AWS texts for a malformed one or one of another type', async () => {
    const prefix = (value: string) => `Invalid Arn: 'Invalid ARN prefix: ${value}'`;
    const calls: Array<[Promise<unknown>, string]> = [
      [h.client.send(new DescribeStateMachineCommand({ stateMachineArn: 'not_a_valid_arn' })), prefix('not_a_valid_arn')],
      [h.client.send(new ListExecutionsCommand({ stateMachineArn: 'invalid_state_machine_arn' })), prefix('invalid_state_machine_arn')],
      [h.client.send(new GetExecutionHistoryCommand({ executionArn: 'invalid_state_machine_arn' })), prefix('invalid_state_machine_arn')],
      [h.client.send(new DescribeExecutionCommand({ executionArn: 'invalid_state_machine_arn' })), prefix('invalid_state_machine_arn')],
      [h.client.send(new StartExecutionCommand({ stateMachineArn: 'x' })), prefix('x')],
      [h.client.send(new StopExecutionCommand({ executionArn: 'x' })), prefix('x')],
      [h.client.send(new DeleteStateMachineCommand({ stateMachineArn: 'x' })), prefix('x')],
      [h.client.send(new UpdateStateMachineCommand({ stateMachineArn: 'x', roleArn: ROLE })), prefix('x')],
      [h.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: 'x' })), prefix('x')],
      [h.client.send(new ListTagsForResourceCommand({ resourceArn: 'x' })), prefix('x')],
      [
        h.client.send(new DescribeStateMachineCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:e1' })),
        "Invalid Arn: 'Resource type not valid in this context: execution'",
      ],
    ];
    for (const [call, message] of calls) expect(await errorOf(call)).toMatchObject({ name: 'InvalidArn', message });
  });
});

describe('DescribeStateMachineForExecution', () => {
  it('returns the definition the execution ran, not the one the machine has now, with its updateDate (AWS)', async () => {
    const arn = await createMachine(h, waitMachine);
    const executionArn = await startExecution(h, arn);
    const before = await h.client.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    await h.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(passMachine) }));
    const after = await h.client.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(after).toMatchObject({ stateMachineArn: arn, definition: JSON.stringify(waitMachine), roleArn: ROLE, loggingConfiguration: { level: 'OFF', includeExecutionData: false }, tracingConfiguration: { enabled: false } });
    expect(after.updateDate).toBeInstanceOf(Date);
    expect(after.updateDate).toEqual(before.updateDate);
    const second = await startExecution(h, arn);
    const current = await h.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: second }));
    expect(current.definition).toBe(JSON.stringify(passMachine));
    expect(current.updateDate!.getTime()).toBeGreaterThanOrEqual(after.updateDate!.getTime());
    await h.client.send(new StopExecutionCommand({ executionArn }));
  });
});

describe('DeleteStateMachine with running executions', () => {
  it('is DELETING until they end: no new execution, the running one finishes, then the machine is gone (AWS)', async () => {
    const arn = await createMachine(h, waitMachine);
    const executionArn = await startExecution(h, arn);
    await h.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    expect((await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).status).toBe('DELETING');
    expect(await errorOf(h.client.send(new StartExecutionCommand({ stateMachineArn: arn })))).toMatchObject({ name: 'StateMachineDeleting' });
    expect((await h.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await h.client.send(new StopExecutionCommand({ executionArn }));
    expect((await waitForEnd(h, executionArn)).status).toBe('ABORTED');
    await expect.poll(() => errorOf(h.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })))).toMatchObject({ name: 'StateMachineDoesNotExist' });
    // The execution's record stays readable, as on AWS.
    expect((await h.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
  });
});

describe('ValidateStateMachineDefinition', () => {
  it('answers OK, or FAIL with one diagnostic per problem: severity, code, message and location', async () => {
    const ok = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(passMachine) }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
    const missingTarget = { ...JSONATA, StartAt: 'Nowhere', States: { Only: { Type: 'Pass', End: true } } };
    const failed = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(missingTarget) }));
    expect(failed.result).toBe('FAIL');
    expect(failed.diagnostics).toEqual([{ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: "Missing 'StartAt' target: Nowhere", location: '/StartAt' }]);
    const badType = { ...JSONATA, StartAt: 'Only', States: { Only: { Type: 'Passing', End: true } } };
    const schema = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(badType) }));
    expect(schema.diagnostics).toContainEqual(expect.objectContaining({ severity: 'ERROR', location: '/States/Only/Type' }));
    const notJson = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: '{' }));
    expect(notJson.diagnostics?.[0]).toMatchObject({ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION' });
  });

  it('checks what an EXPRESS machine may not use when asked with type EXPRESS', async () => {
    const callback = { ...JSONATA, StartAt: 'Publish', States: { Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', End: true } } };
    const standard = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(callback) }));
    expect(standard.result).toBe('OK');
    const express = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(callback), type: 'EXPRESS' }));
    expect(express.diagnostics).toEqual([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "Express state machine does not support '.waitForTaskToken' service integration", location: '/States/Publish/Resource' },
    ]);
  });
});
