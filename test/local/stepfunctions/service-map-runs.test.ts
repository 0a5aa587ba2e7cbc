import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StopExecutionCommand,
  UpdateMapRunCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, createMachine, errorOf, startExecution, startHarness, uniqueName, waitForEnd, type Harness } from './harness.ts';

/**
 * The Map Run API (ListMapRuns, DescribeMapRun, UpdateMapRun) and the child executions of a
 * distributed Map (ListExecutions by mapRunArn, DescribeExecution of a child). Shapes: the Step
 * Functions API reference and LocalStack's AWS-recorded
 * tests/aws/services/stepfunctions/v2/test_sfn_api_map_run.snapshot.json.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: 1000 });
});
afterAll(() => h.close());

const UUID = '[0-9a-f-]{36}';
const processor = (states: Record<string, unknown>, startAt: string) => ({ ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: startAt, States: states });
const passThrough = processor({ P: { Type: 'Pass', End: true } }, 'P');
const failBad = processor(
  {
    C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.fail %}', Next: 'F' }], Default: 'P' },
    F: { Type: 'Fail', Error: 'ItemFailed', Cause: 'bad item' },
    P: { Type: 'Pass', End: true },
  },
  'C',
);
const distributed = (fields: Record<string, unknown>) => ({
  ...JSONATA,
  StartAt: 'MapState',
  States: { MapState: { Type: 'Map', Items: '{% $states.input %}', ...fields, End: true } },
});

async function runMap(definition: object, input: unknown, name = uniqueName('mr')) {
  const machineArn = await createMachine(h, definition, name);
  const executionArn = await startExecution(h, machineArn, input);
  const result = await waitForEnd(h, executionArn);
  const { mapRuns } = await h.client.send(new ListMapRunsCommand({ executionArn }));
  return { name, machineArn, executionArn, result, mapRuns: mapRuns ?? [] };
}

describe('Map Runs', () => {
  it('ListMapRuns and DescribeMapRun after success (AWS shapes and counts)', async () => {
    const { name, executionArn, result, mapRuns } = await runMap(distributed({ ItemProcessor: passThrough, Label: 'lbl', MaxConcurrency: 1 }), [{ n: 1 }, { n: 2 }]);
    expect(result.status).toBe('SUCCEEDED');
    expect(mapRuns).toHaveLength(1);
    const item = mapRuns[0];
    expect(item?.mapRunArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:\\d{12}:mapRun:${name}/lbl:${UUID}$`));
    expect(item?.executionArn).toBe(executionArn);
    expect(item?.stateMachineArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:\\d{12}:stateMachine:${name}/lbl$`));
    expect(item?.startDate).toBeInstanceOf(Date);
    expect(item?.stopDate).toBeInstanceOf(Date);
    const described = await h.client.send(new DescribeMapRunCommand({ mapRunArn: item?.mapRunArn }));
    const counts = { aborted: 0, failed: 0, pending: 0, resultsWritten: 2, running: 0, succeeded: 2, timedOut: 0, total: 2 };
    expect(described).toMatchObject({
      mapRunArn: item?.mapRunArn,
      executionArn,
      status: 'SUCCEEDED',
      maxConcurrency: 1,
      toleratedFailureCount: 0,
      toleratedFailurePercentage: 0,
      itemCounts: counts,
      executionCounts: counts,
    });
    expect(described.stopDate).toBeInstanceOf(Date);
    // The parent's history names the same Map Run.
    const { events } = await h.client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events?.find((e) => e.type === 'MapRunStarted')?.mapRunStartedEventDetails?.mapRunArn).toBe(item?.mapRunArn);
  });

  it('child executions: ListExecutions by mapRunArn, DescribeExecution and history of a child', async () => {
    const { name, machineArn, mapRuns } = await runMap(distributed({ ItemProcessor: passThrough, Label: 'kids' }), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const mapRunArn = mapRuns[0]?.mapRunArn as string;
    const { executions } = await h.client.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions).toHaveLength(3);
    for (const child of executions ?? []) {
      expect(child.executionArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:\\d{12}:execution:${name}/kids:${UUID}$`));
      expect(child.executionArn?.endsWith(`:${child.name ?? ''}`)).toBe(true);
      expect(child.stateMachineArn).toBe(machineArn.replace(`:stateMachine:${name}`, `:stateMachine:${name}/kids`));
      expect(child).toMatchObject({ status: 'SUCCEEDED', mapRunArn, itemCount: 1 });
    }
    const child = await h.client.send(new DescribeExecutionCommand({ executionArn: executions?.[0]?.executionArn }));
    expect(child.mapRunArn).toBe(mapRunArn);
    expect(child.status).toBe('SUCCEEDED');
    expect(JSON.parse(child.output ?? '')).toEqual(JSON.parse(child.input ?? ''));
    const inputs = await Promise.all((executions ?? []).map(async (e) => (await h.client.send(new DescribeExecutionCommand({ executionArn: e.executionArn }))).input));
    expect(inputs.map((i) => JSON.parse(i ?? '') as unknown).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const { events } = await h.client.send(new GetExecutionHistoryCommand({ executionArn: child.executionArn }));
    expect(events?.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(events?.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    const forExecution = await h.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: child.executionArn }));
    expect(forExecution).toMatchObject({ mapRunArn, label: 'kids' });
    // The parent machine's executions do not include the children.
    const parents = await h.client.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    expect(parents.executions).toHaveLength(1);
    // Paging by mapRunArn.
    const first = await h.client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 2 }));
    const second = await h.client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 2, nextToken: first.nextToken }));
    expect([...(first.executions ?? []), ...(second.executions ?? [])].map((e) => e.executionArn).sort()).toEqual((executions ?? []).map((e) => e.executionArn).sort());
  });

  it('counts after tolerated failures; failed children carry their error', async () => {
    const items = [{ fail: false }, { fail: true }, { fail: false }];
    const { result, mapRuns } = await runMap(distributed({ ItemProcessor: failBad, ToleratedFailureCount: 1, ToleratedFailurePercentage: 50 }), items);
    expect(result.status).toBe('SUCCEEDED');
    const mapRunArn = mapRuns[0]?.mapRunArn as string;
    const described = await h.client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: 0, toleratedFailureCount: 1, toleratedFailurePercentage: 50 });
    expect(described.executionCounts).toMatchObject({ succeeded: 2, failed: 1, running: 0, pending: 0, total: 3 });
    expect(described.itemCounts).toMatchObject({ succeeded: 2, failed: 1, total: 3 });
    const failed = await h.client.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'FAILED' }));
    expect(failed.executions).toHaveLength(1);
    const child = await h.client.send(new DescribeExecutionCommand({ executionArn: failed.executions?.[0]?.executionArn }));
    expect(child).toMatchObject({ status: 'FAILED', error: 'ItemFailed', cause: 'bad item', mapRunArn });
  });

  it('a Map Run beyond its threshold is FAILED; batches count their items', async () => {
    const failedRun = await runMap(distributed({ ItemProcessor: failBad, MaxConcurrency: 1 }), [{ fail: true }, { fail: false }]);
    expect(failedRun.result.status).toBe('FAILED');
    const described = await h.client.send(new DescribeMapRunCommand({ mapRunArn: failedRun.mapRuns[0]?.mapRunArn }));
    expect(described.status).toBe('FAILED');
    expect(described.executionCounts).toMatchObject({ failed: 1, total: 2 });

    const batched = await runMap(distributed({ ItemProcessor: passThrough, ItemBatcher: { MaxItemsPerBatch: 2 } }), [1, 2, 3]);
    const mapRunArn = batched.mapRuns[0]?.mapRunArn as string;
    const run = await h.client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run.itemCounts).toMatchObject({ total: 3, succeeded: 3 });
    expect(run.executionCounts).toMatchObject({ total: 2, succeeded: 2 });
    const { executions } = await h.client.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions?.map((e) => e.itemCount).sort()).toEqual([1, 2]);
  });

  it('UpdateMapRun raises MaxConcurrency of a running Map Run', async () => {
    const gates: Array<() => void> = [];
    h.invoker.register('gate', () => new Promise<string>((resolve) => gates.push(() => resolve('done'))));
    const work = processor({ W: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'gate' }, Output: '{% $states.result.Payload %}', End: true } }, 'W');
    const machineArn = await createMachine(h, distributed({ ItemProcessor: work, MaxConcurrency: 1 }));
    const executionArn = await startExecution(h, machineArn, [1, 2, 3]);
    const waitFor = async (check: () => boolean) => {
      const deadline = Date.now() + 5000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await waitFor(() => gates.length === 1);
    const { mapRuns } = await h.client.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = mapRuns?.[0]?.mapRunArn as string;
    const running = await h.client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(running).toMatchObject({ status: 'RUNNING', maxConcurrency: 1 });
    expect(running.executionCounts).toMatchObject({ running: 1, pending: 2, total: 3 });
    expect(running.stopDate).toBeUndefined();
    await h.client.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 3, toleratedFailureCount: 2 }));
    await waitFor(() => gates.length === 3);
    expect((await h.client.send(new DescribeMapRunCommand({ mapRunArn }))).executionCounts).toMatchObject({ running: 3, pending: 0 });
    const runningChildren = await h.client.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'RUNNING' }));
    expect(runningChildren.executions).toHaveLength(3);
    for (const open of gates) open();
    expect((await waitForEnd(h, executionArn)).status).toBe('SUCCEEDED');
    const done = await h.client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(done).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: 3, toleratedFailureCount: 2 });
    // A Map Run that ended can no longer be updated.
    expect(await errorOf(h.client.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 1 })))).toMatchObject({ name: 'ValidationException' });
  });

  it('stopping the parent aborts its Map Run and the running children', async () => {
    const gates: Array<() => void> = [];
    h.invoker.register('hold', () => new Promise<string>((resolve) => gates.push(() => resolve('done'))));
    const work = processor({ W: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'hold' }, End: true } }, 'W');
    const machineArn = await createMachine(h, distributed({ ItemProcessor: work, MaxConcurrency: 2 }));
    const executionArn = await startExecution(h, machineArn, [1, 2, 3]);
    const deadline = Date.now() + 5000;
    while (gates.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await h.client.send(new StopExecutionCommand({ executionArn }));
    const { mapRuns } = await h.client.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = mapRuns?.[0]?.mapRunArn as string;
    const run = await h.client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run.status).toBe('ABORTED');
    expect(run.stopDate).toBeInstanceOf(Date);
    expect(run.executionCounts).toMatchObject({ aborted: 2, running: 0, pending: 1, total: 3 });
    const { executions } = await h.client.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions?.map((e) => e.status)).toEqual(['ABORTED', 'ABORTED']);
    const { events } = await h.client.send(new GetExecutionHistoryCommand({ executionArn: executions?.[0]?.executionArn }));
    expect(events?.at(-1)?.type).toBe('ExecutionAborted');
    for (const open of gates) open();
  });

  it("answers AWS's errors", async () => {
    const { executionArn, mapRuns } = await runMap(distributed({ ItemProcessor: passThrough }), [1]);
    const mapRunArn = mapRuns[0]?.mapRunArn as string;
    const missing = mapRunArn.replace(/:[0-9a-f-]{36}$/, ':00000000-0000-0000-0000-000000000000');
    expect(await errorOf(h.client.send(new DescribeMapRunCommand({ mapRunArn: missing })))).toMatchObject({ name: 'ResourceNotFound' });
    expect(await errorOf(h.client.send(new DescribeMapRunCommand({ mapRunArn: executionArn })))).toMatchObject({ name: 'InvalidArn' });
    expect(await errorOf(h.client.send(new DescribeMapRunCommand({ mapRunArn: 'not-an-arn' })))).toMatchObject({ name: 'InvalidArn' });
    expect(await errorOf(h.client.send(new ListMapRunsCommand({ executionArn: mapRunArn })))).toMatchObject({ name: 'InvalidArn' });
    expect(await errorOf(h.client.send(new ListMapRunsCommand({ executionArn: `${executionArn}x` })))).toMatchObject({ name: 'ExecutionDoesNotExist' });
    expect(await errorOf(h.client.send(new UpdateMapRunCommand({ mapRunArn: missing, maxConcurrency: 2 })))).toMatchObject({ name: 'ResourceNotFound' });
    expect(await errorOf(h.client.send(new UpdateMapRunCommand({ mapRunArn })))).toMatchObject({ name: 'ValidationException' });
    expect(await errorOf(h.client.send(new UpdateMapRunCommand({ mapRunArn, toleratedFailurePercentage: 101 })))).toMatchObject({ name: 'ValidationException' });
    expect(await errorOf(h.client.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: -1 })))).toMatchObject({ name: 'ValidationException' });
    expect(await errorOf(h.client.send(new ListExecutionsCommand({})))).toMatchObject({ name: 'ValidationException' });
    expect(await errorOf(h.client.send(new ListExecutionsCommand({ mapRunArn: missing })))).toMatchObject({ name: 'ResourceNotFound' });
    expect(await errorOf(h.client.send(new ListExecutionsCommand({ mapRunArn: executionArn })))).toMatchObject({ name: 'InvalidArn' });
    // An empty Map Run is SUCCEEDED at once.
    const empty = await runMap(distributed({ ItemProcessor: passThrough }), []);
    const emptyRun = await h.client.send(new DescribeMapRunCommand({ mapRunArn: empty.mapRuns[0]?.mapRunArn }));
    expect(emptyRun).toMatchObject({ status: 'SUCCEEDED', executionCounts: { total: 0 } });
  });
});

describe('Map Runs across a restart', () => {
  it('the Map Run, its children and their histories survive and go on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-maprun-'));
    try {
      const first = await startHarness({ dataDir, scale: 10 });
      const hold = processor({ Hold: { Type: 'Wait', Seconds: 3, Output: '{% $states.input * 10 %}', End: true } }, 'Hold');
      const machineArn = await createMachine(first, distributed({ ItemProcessor: hold, MaxConcurrency: 1, Label: 'slow' }));
      const executionArn = await startExecution(first, machineArn, [1, 2, 3]);
      await new Promise((resolve) => setTimeout(resolve, 450));
      const before = await first.client.send(new ListMapRunsCommand({ executionArn }));
      const mapRunArn = before.mapRuns?.[0]?.mapRunArn as string;
      await first.close();
      const second = await startHarness({ dataDir, scale: 10 });
      try {
        const mid = await second.client.send(new DescribeMapRunCommand({ mapRunArn }));
        expect(mid.status).toBe('RUNNING');
        expect(mid.executionCounts?.succeeded).toBeGreaterThanOrEqual(1);
        const result = await waitForEnd(second, executionArn);
        expect(result.status).toBe('SUCCEEDED');
        expect(JSON.parse(result.output ?? '')).toEqual([10, 20, 30]);
        const after = await second.client.send(new DescribeMapRunCommand({ mapRunArn }));
        expect(after).toMatchObject({ status: 'SUCCEEDED', executionCounts: { succeeded: 3, running: 0, pending: 0, total: 3 } });
        const { executions } = await second.client.send(new ListExecutionsCommand({ mapRunArn }));
        expect(executions?.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
        for (const child of executions ?? []) {
          const { events } = await second.client.send(new GetExecutionHistoryCommand({ executionArn: child.executionArn }));
          expect(events?.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
          expect(events?.map((e) => e.id)).toEqual([1, 2, 3, 4]);
        }
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
