import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredStateMachine } from '#local/stepfunctions/model.ts';
import { LevelStore, type BatchOperation } from '#local/stepfunctions/store/level-store.ts';
import { waitFor } from '../fixtures/recorder.ts';
import { createMachine, history, JSONATA, startHarness, TestInvoker, types, waitForEnd, type Harness } from './harness.ts';

/**
 * What the engine does when LevelDB cannot take a batch (a full disk): it must neither crash the
 * process with an unhandled rejection nor go on (or fail executions) on state it could not
 * save. It stops, says so, answers InternalFailure, and a restart continues from what was
 * committed.
 */
class FailingDiskStore extends LevelStore {
  private fault: Error | undefined;

  /** The next batch LevelDB is asked to write fails with `error`. */
  failNextBatch(error: Error): void {
    this.fault = error;
  }

  protected override writeBatch(operations: BatchOperation[]): Promise<void> {
    const fault = this.fault;
    if (!fault) return super.writeBatch(operations);
    this.fault = undefined;
    return Promise.reject(fault);
  }
}

const diskFull = () => new Error('IO error: No space left on device');

let dataDir: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const open: Harness[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sfn-store-failure-'));
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  process.off('unhandledRejection', onUnhandled);
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(options: { store?: LevelStore; invoker: TestInvoker; log?: string[] }): Promise<Harness> {
  const h = await startHarness({
    dataDir,
    invoker: options.invoker,
    ...(options.store && { store: options.store }),
    log: (line) => options.log?.push(line),
  });
  open.push(h);
  return h;
}

async function stop(h: Harness): Promise<void> {
  open.splice(open.indexOf(h), 1);
  await h.close();
}

/** No SDK retries: an InternalFailure should be seen at once. */
const clientOf = (h: Harness) => new SFNClient({ endpoint: h.endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

/** Lets pending rejections surface (Node reports unhandled ones after the microtask queue drains). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const machine = (name: string): StoredStateMachine => ({
  arn: `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`,
  name,
  definition: '{}',
  roleArn: 'arn:aws:iam::000000000000:role/local',
  type: 'STANDARD',
  creationDate: 0,
  revisionId: name,
});

describe('Step Functions store failures', () => {
  it('LevelStore writes nothing after a failed batch, so the data dir keeps an unbroken prefix of the commits', async () => {
    const store = new FailingDiskStore(dataDir);
    await store.load();
    store.putStateMachine(machine('before'));
    await store.commit();
    store.failNextBatch(diskFull());
    store.putStateMachine(machine('lost'));
    await expect(store.commit()).rejects.toThrow('No space left on device');
    store.putStateMachine(machine('after'));
    await expect(store.commit()).rejects.toThrow('No space left on device');
    await expect(store.close()).rejects.toThrow('No space left on device');

    const reopened = new LevelStore(dataDir);
    const loaded = await reopened.load();
    await reopened.close();
    expect(loaded.stateMachines.map((sm) => sm.name)).toEqual(['before']);
  });

  it('a failed commit of a fire-and-forget write (TaskSubmitted) stops the engine loudly, without an unhandled rejection', async () => {
    const store = new FailingDiskStore(dataDir);
    const log: string[] = [];
    const invoker = new TestInvoker();
    const tokens: string[] = [];
    invoker.register('notifyOfficer', (payload) => {
      tokens.push((payload as { token: string }).token);
      if (tokens.length === 1) store.failNextBatch(diskFull());
      return { notified: true };
    });
    const h = await start({ store, invoker, log });
    const stateMachineArn = await createMachine(h, {
      ...JSONATA,
      StartAt: 'AwaitRelease',
      States: {
        AwaitRelease: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Arguments: { FunctionName: 'notifyOfficer', Payload: { token: '{% $states.context.Task.Token %}' } },
          End: true,
        },
      },
    });
    const client = clientOf(h);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'release-C-1' }));

    await waitFor(() => (h.service.engine.storeFailure ? true : undefined), 5000, 'the store failure');
    await settle();
    expect(unhandled).toEqual([]);
    expect(h.service.engine.storeFailure?.message).toBe('IO error: No space left on device');
    expect(log).toHaveLength(1);
    expect(log[0]).toContain('a commit to the store failed');
    expect(log[0]).toContain('No space left on device');

    await expect(client.send(new DescribeExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'InternalFailure' });
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: tokens[0], output: '{"released":true}' }))).rejects.toMatchObject({
      name: 'InternalFailure',
      message: expect.stringContaining('No space left on device'),
    });
    client.destroy();
    await stop(h);
    expect(unhandled).toEqual([]);

    // After a restart the task call that was in flight runs again (at least once, as on AWS).
    const restarted = await start({ invoker });
    await waitFor(() => (tokens.length === 2 ? true : undefined), 5000, 'the task call again');
    expect(tokens[1]).toBe(tokens[0]);
    await restarted.client.send(new SendTaskSuccessCommand({ taskToken: tokens[1], output: '{"released":true}' }));
    const done = await waitForEnd(restarted, executionArn as string);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? 'null')).toEqual({ released: true });
    const events = await history(restarted, executionArn as string);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(types(events).filter((t) => t === 'TaskSubmitted')).toHaveLength(1);
  });

  it('a failed commit in the drive loop does not fail the execution: it resumes from its last committed state', async () => {
    const store = new FailingDiskStore(dataDir);
    const invoker = new TestInvoker();
    let inspections = 0;
    invoker.register('inspectConsignment', () => {
      inspections += 1;
      if (inspections === 1) store.failNextBatch(diskFull());
      return { passed: true };
    });
    const h = await start({ store, invoker });
    const stateMachineArn = await createMachine(h, {
      ...JSONATA,
      StartAt: 'Inspect',
      States: {
        Inspect: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'inspectConsignment', Payload: {} },
          Output: '{% $states.result.Payload %}',
          End: true,
        },
      },
    });
    const client = clientOf(h);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'inspect-C-2' }));
    await waitFor(() => (h.service.engine.storeFailure ? true : undefined), 5000, 'the store failure');
    await settle();
    expect(unhandled).toEqual([]);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, name: 'inspect-C-3' }))).rejects.toMatchObject({ name: 'InternalFailure' });
    client.destroy();
    await stop(h);

    const restarted = await start({ invoker });
    const done = await waitForEnd(restarted, executionArn as string);
    expect(done.status).toBe('SUCCEEDED');
    expect(inspections).toBe(2);
    const events = await history(restarted, executionArn as string);
    expect(types(events)).not.toContain('ExecutionFailed');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(unhandled).toEqual([]);
  });
});
