import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, ROLE, createMachine, errorOf, history, startExecution, startHarness, types, uniqueName, waitForEnd, type Harness } from './harness.ts';

/** The Step Functions API surface, driven through @aws-sdk/client-sfn like any AWS client. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const passMachine = { ...JSONATA, StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } };
const waitMachine = { ...JSONATA, StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

describe('state machines', () => {
  it('CreateStateMachine, DescribeStateMachine, ListStateMachines (AWS: definition is returned as sent)', async () => {
    const name = uniqueName('describe');
    const definition = JSON.stringify(passMachine);
    const created = await h.client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
    expect(created.stateMachineArn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${name}`);
    expect(created.creationDate).toBeInstanceOf(Date);
    const described = await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described).toMatchObject({ name, definition, roleArn: ROLE, status: 'ACTIVE', type: 'STANDARD' });
    const listed = await h.client.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((s) => s.name)).toContain(name);
  });

  it('CreateStateMachine is idempotent for the same definition and answers StateMachineAlreadyExists for another (AWS)', async () => {
    const name = uniqueName('idem');
    const definition = JSON.stringify(passMachine);
    const first = await h.client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
    const again = await h.client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    const error = await errorOf(h.client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(waitMachine), roleArn: ROLE })));
    expect(error.name).toBe('StateMachineAlreadyExists');
  });

  it('UpdateStateMachine changes the definition; a running execution keeps the one it started with (AWS)', async () => {
    const arn = await createMachine(h, waitMachine);
    const running = await startExecution(h, arn);
    await h.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(passMachine) }));
    const fresh = await waitForEnd(h, await startExecution(h, arn, { x: 1 }));
    expect(fresh.status).toBe('SUCCEEDED');
    expect((await h.client.send(new DescribeExecutionCommand({ executionArn: running }))).status).toBe('RUNNING');
    await h.client.send(new StopExecutionCommand({ executionArn: running }));
  });

  it('upsertStateMachine creates, then updates in place when the definition changes (local redeploy)', async () => {
    const name = uniqueName('upsert');
    const first = await h.service.upsertStateMachine({ name, definition: JSON.stringify(passMachine), roleArn: ROLE });
    const second = await h.service.upsertStateMachine({ name, definition: JSON.stringify(waitMachine), roleArn: ROLE });
    expect(second.stateMachineArn).toBe(first.stateMachineArn);
    const described = await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }));
    expect(described.definition).toBe(JSON.stringify(waitMachine));
  });

  it('DeleteStateMachine, then DescribeStateMachine answers StateMachineDoesNotExist (AWS)', async () => {
    const arn = await createMachine(h, passMachine);
    await h.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    const error = await errorOf(h.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
    expect(error.name).toBe('StateMachineDoesNotExist');
    expect(error.message).toContain(arn);
  });

  it('StartExecution on an unknown state machine answers StateMachineDoesNotExist (AWS)', async () => {
    const error = await errorOf(
      h.client.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope' })),
    );
    expect(error.name).toBe('StateMachineDoesNotExist');
  });

  it('a request missing a required member answers ValidationException (AWS)', async () => {
    const error = await errorOf(h.client.send(new DescribeStateMachineCommand({} as never)));
    expect(error.name).toBe('ValidationException');
  });
});

describe('executions', () => {
  it('StartExecution is idempotent for the same name and input while running, else ExecutionAlreadyExists (AWS)', async () => {
    const arn = await createMachine(h, waitMachine);
    const name = uniqueName('exec');
    const first = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":1}' }));
    const again = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":1}' }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    const other = await errorOf(h.client.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":2}' })));
    expect(other.name).toBe('ExecutionAlreadyExists');
    await h.client.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    const closed = await errorOf(h.client.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":1}' })));
    expect(closed.name).toBe('ExecutionAlreadyExists');
  });

  it('StartExecution refuses input that is not JSON (InvalidExecutionInput) and a bad name (InvalidName)', async () => {
    const arn = await createMachine(h, passMachine);
    expect((await errorOf(h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{oops' })))).name).toBe('InvalidExecutionInput');
    expect((await errorOf(h.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'has space' })))).name).toBe('InvalidName');
  });

  it('DescribeExecution reports input, output, status and dates; unknown ARN is ExecutionDoesNotExist (AWS)', async () => {
    const arn = await createMachine(h, passMachine);
    const executionArn = await startExecution(h, arn, { consignment: 'C-1' });
    const out = await waitForEnd(h, executionArn);
    expect(out).toMatchObject({ status: 'SUCCEEDED', input: '{"consignment":"C-1"}', output: '{"consignment":"C-1"}', stateMachineArn: arn });
    expect(out.stopDate?.getTime()).toBeGreaterThanOrEqual(out.startDate?.getTime() ?? 0);
    const error = await errorOf(h.client.send(new DescribeExecutionCommand({ executionArn: `${executionArn}-missing` })));
    expect(error.name).toBe('ExecutionDoesNotExist');
  });

  it('ListExecutions pages newest first and filters by status (AWS)', async () => {
    const arn = await createMachine(h, passMachine);
    const started: string[] = [];
    for (let i = 0; i < 5; i++) started.push(await startExecution(h, arn, { i }, `e${i}`));
    await Promise.all(started.map((e) => waitForEnd(h, e)));
    const first = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    expect(first.executions?.map((e) => e.name)).toEqual(['e4', 'e3']);
    const second = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: first.nextToken }));
    expect(second.executions?.map((e) => e.name)).toEqual(['e2', 'e1']);
    const third = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: second.nextToken }));
    expect(third.executions?.map((e) => e.name)).toEqual(['e0']);
    expect(third.nextToken).toBeUndefined();
    const running = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }));
    expect(running.executions).toEqual([]);
  });

  it('ListExecutions pages do not shift when executions start between two pages (AWS pages by key, not offset)', async () => {
    const arn = await createMachine(h, passMachine);
    for (let i = 0; i < 5; i++) await waitForEnd(h, await startExecution(h, arn, { i }, `c${i}`));
    const first = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    expect(first.executions?.map((e) => e.name)).toEqual(['c4', 'c3']);
    await startExecution(h, arn, {}, 'c5');
    await startExecution(h, arn, {}, 'c6');
    const second = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: first.nextToken }));
    expect(second.executions?.map((e) => e.name)).toEqual(['c2', 'c1']);
    const third = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: second.nextToken }));
    expect(third.executions?.map((e) => e.name)).toEqual(['c0']);
    expect(third.nextToken).toBeUndefined();
    const forged = await errorOf(h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, nextToken: 'not-a-token' })));
    expect(forged.name).toBe('InvalidToken');
  });

  it('ListStateMachines pages do not skip a machine when one already listed is deleted', async () => {
    const prefix = uniqueName('paged');
    const arns: string[] = [];
    for (const suffix of ['a', 'b', 'c', 'd']) arns.push(await createMachine(h, passMachine, `${prefix}-${suffix}`));
    const ours = (list: { name?: string }[] | undefined) => (list ?? []).map((sm) => sm.name ?? '').filter((name) => name.startsWith(prefix));
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await h.client.send(new ListStateMachinesCommand({ maxResults: 1, nextToken }));
      names.push(...ours(page.stateMachines));
      // Deleting what was just listed must not push the next machine behind the cursor.
      if (names.length === 1) await h.client.send(new DeleteStateMachineCommand({ stateMachineArn: arns[0] }));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`, `${prefix}-d`]);
  });

  it('GetExecutionHistory pages with maxResults/nextToken and reverses with reverseOrder (AWS)', async () => {
    const arn = await createMachine(h, {
      ...JSONATA,
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', End: true } },
    });
    const executionArn = await startExecution(h, arn);
    await waitForEnd(h, executionArn);
    const all = await history(h, executionArn);
    expect(all).toHaveLength(8);
    const pageOne = await h.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
    expect(pageOne.events?.map((e) => e.id)).toEqual([1, 2, 3]);
    const pageTwo = await h.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: pageOne.nextToken }));
    expect(pageTwo.events?.map((e) => e.id)).toEqual([4, 5, 6]);
    const pageThree = await h.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: pageTwo.nextToken }));
    expect(pageThree.events?.map((e) => e.id)).toEqual([7, 8]);
    expect(pageThree.nextToken).toBeUndefined();
    const reversed = await h.client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 5 }));
    expect(reversed.events?.map((e) => e.id)).toEqual([8, 7, 6, 5, 4]);
    const rest = await h.client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 5, nextToken: reversed.nextToken }));
    expect(rest.events?.map((e) => e.id)).toEqual([3, 2, 1]);
  });

  it('GetExecutionHistory with includeExecutionData=false leaves out inputs and outputs (AWS)', async () => {
    const arn = await createMachine(h, passMachine);
    const executionArn = await startExecution(h, arn, { secret: 1 });
    await waitForEnd(h, executionArn);
    const out = await h.client.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(out.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
    expect(out.events?.[0]?.executionStartedEventDetails?.roleArn).toBe(ROLE);
  });

  it('StopExecution aborts a running execution with its error and cause (ExecutionAborted, AWS)', async () => {
    const arn = await createMachine(h, waitMachine);
    const executionArn = await startExecution(h, arn);
    const stopped = await h.client.send(new StopExecutionCommand({ executionArn, error: 'Operator.Cancelled', cause: 'train rerouted' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const out = await h.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(out).toMatchObject({ status: 'ABORTED', error: 'Operator.Cancelled', cause: 'train rerouted' });
    const events = await history(h, executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateAborted', 'ExecutionAborted']);
    expect(events.at(-1)?.executionAbortedEventDetails).toEqual({ error: 'Operator.Cancelled', cause: 'train rerouted' });
  });
});
