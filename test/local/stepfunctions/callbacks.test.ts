import { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '#local/stepfunctions/tokens.ts';
import { JSONATA, createMachine, history, startExecution, startHarness, types, waitForEnd, type Harness } from './harness.ts';

/**
 * Callback tasks (`.waitForTaskToken`): a token per attempt, heartbeats, and the AWS errors for
 * tokens that are malformed, unknown, already used or timed out.
 */
let h: Harness;
const tokens = new Map<string, string[]>();
beforeAll(async () => {
  // 10x virtual time: HeartbeatSeconds 5 is 500 ms.
  h = await startHarness({ scale: 10 });
  h.invoker.register('notifyBureau', (payload) => {
    const { key, token } = payload as { key: string; token: string };
    tokens.set(key, [...(tokens.get(key) ?? []), token]);
    return { notified: key };
  });
});
afterAll(() => h.close());

const callbackMachine = (extra: Record<string, unknown> = {}) => ({
  ...JSONATA,
  StartAt: 'AwaitDecision',
  States: {
    AwaitDecision: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: { FunctionName: 'notifyBureau', Payload: { key: '{% $states.input.key %}', token: '{% $states.context.Task.Token %}' } },
      Output: { key: '{% $states.input.key %}', decision: '{% $states.result %}' },
      End: true,
      ...extra,
    },
  },
});

async function tokenFor(key: string, attempt = 0): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const token = tokens.get(key)?.[attempt];
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`no token for ${key}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

let keys = 0;
const newKey = () => `consignment-${keys++}`;

describe('callback tasks', () => {
  it('SendTaskSuccess completes the task with its output; history has TaskSubmitted then TaskSucceeded (AWS)', async () => {
    const key = newKey();
    const executionArn = await startExecution(h, await createMachine(h, callbackMachine()), { key });
    await h.client.send(new SendTaskSuccessCommand({ taskToken: await tokenFor(key), output: '{"released":true}' }));
    const result = await waitForEnd(h, executionArn);
    expect(JSON.parse(result.output ?? '')).toEqual({ key, decision: { released: true } });
    const events = await history(h, executionArn);
    expect(types(events)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expect(events[4]?.taskSubmittedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken' });
    expect(JSON.parse(events[4]?.taskSubmittedEventDetails?.output ?? '')).toMatchObject({ Payload: { notified: key }, StatusCode: 200 });
  });

  it('SendTaskFailure fails the task with its error and cause', async () => {
    const key = newKey();
    const executionArn = await startExecution(h, await createMachine(h, callbackMachine()), { key });
    await h.client.send(new SendTaskFailureCommand({ taskToken: await tokenFor(key), error: 'Inspection.Failed', cause: 'pest found' }));
    const result = await waitForEnd(h, executionArn);
    expect(result).toMatchObject({ status: 'FAILED', error: 'Inspection.Failed', cause: 'pest found' });
    const failed = (await history(h, executionArn)).find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ error: 'Inspection.Failed', cause: 'pest found' });
  });

  it('issues a new token for each attempt; the old attempt’s token is then dead (TaskTimedOut)', async () => {
    const key = newKey();
    const arn = await createMachine(h, callbackMachine({ Retry: [{ ErrorEquals: ['Bureau.Busy'], IntervalSeconds: 1 }] }));
    const executionArn = await startExecution(h, arn, { key });
    const first = await tokenFor(key, 0);
    await h.client.send(new SendTaskFailureCommand({ taskToken: first, error: 'Bureau.Busy' }));
    const second = await tokenFor(key, 1);
    expect(second).not.toBe(first);
    expect(await errorName(h.client.send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' })))).toBe('TaskTimedOut');
    await h.client.send(new SendTaskSuccessCommand({ taskToken: second, output: '"ok"' }));
    expect((await waitForEnd(h, executionArn)).status).toBe('SUCCEEDED');
  });

  it('a heartbeat restarts the HeartbeatSeconds clock', async () => {
    const key = newKey();
    const executionArn = await startExecution(h, await createMachine(h, callbackMachine({ HeartbeatSeconds: 5 })), { key });
    const token = await tokenFor(key);
    // 1.5 real seconds = 15 virtual seconds, three times the heartbeat window.
    for (let i = 0; i < 15; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await h.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    await h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '"alive"' }));
    const result = await waitForEnd(h, executionArn);
    expect(result.status).toBe('SUCCEEDED');
  });

  it('answers InvalidToken, TaskDoesNotExist, TaskTimedOut and InvalidOutput as AWS does', async () => {
    expect(await errorName(h.client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })))).toBe('InvalidToken');
    const unknown = issueToken('arn:aws:states:us-east-1:000000000000:execution:nowhere:nobody', 'root');
    expect(await errorName(h.client.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' })))).toBe('TaskDoesNotExist');

    // Used: the task has completed.
    const usedKey = newKey();
    const arn = await createMachine(h, callbackMachine());
    const used = await startExecution(h, arn, { key: usedKey });
    const usedToken = await tokenFor(usedKey);
    expect(await errorName(h.client.send(new SendTaskSuccessCommand({ taskToken: usedToken, output: '{not json' })))).toBe('InvalidOutput');
    await h.client.send(new SendTaskSuccessCommand({ taskToken: usedToken, output: '1' }));
    await waitForEnd(h, used);
    expect(await errorName(h.client.send(new SendTaskSuccessCommand({ taskToken: usedToken, output: '2' })))).toBe('TaskTimedOut');
    expect(await errorName(h.client.send(new SendTaskHeartbeatCommand({ taskToken: usedToken })))).toBe('TaskTimedOut');

    // Timed out: the task expired before the callback came.
    const lateKey = newKey();
    const late = await startExecution(h, await createMachine(h, callbackMachine({ TimeoutSeconds: 1 })), { key: lateKey });
    const lateToken = await tokenFor(lateKey);
    expect((await waitForEnd(h, late)).error).toBe('States.Timeout');
    expect(await errorName(h.client.send(new SendTaskFailureCommand({ taskToken: lateToken })))).toBe('TaskTimedOut');

    // Stopped: the execution was aborted.
    const stoppedKey = newKey();
    const stopped = await startExecution(h, arn, { key: stoppedKey });
    const stoppedToken = await tokenFor(stoppedKey);
    await h.client.send(new StopExecutionCommand({ executionArn: stopped }));
    expect(await errorName(h.client.send(new SendTaskSuccessCommand({ taskToken: stoppedToken, output: '{}' })))).toBe('TaskTimedOut');
  });

  it('executions waiting at the same time never receive each other’s results', async () => {
    const arn = await createMachine(h, callbackMachine());
    const waiting = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const key = newKey();
        return { key, executionArn: await startExecution(h, arn, { key }) };
      }),
    );
    const shuffled = [...waiting].sort(() => Math.random() - 0.5);
    await Promise.all(
      shuffled.map(async ({ key }) => h.client.send(new SendTaskSuccessCommand({ taskToken: await tokenFor(key), output: JSON.stringify({ for: key }) }))),
    );
    for (const { key, executionArn } of waiting) {
      const result = await waitForEnd(h, executionArn);
      expect(JSON.parse(result.output ?? '')).toEqual({ key, decision: { for: key } });
    }
  });

  it('accepts the callback even when it arrives before the notifying call has returned', async () => {
    h.invoker.register('answerAtOnce', async (payload) => {
      const { token } = payload as { token: string };
      await h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '"immediate"' }));
      return {};
    });
    const arn = await createMachine(h, {
      ...JSONATA,
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Arguments: { FunctionName: 'answerAtOnce', Payload: { token: '{% $states.context.Task.Token %}' } },
          End: true,
        },
      },
    });
    const result = await waitForEnd(h, await startExecution(h, arn));
    expect(result.output).toBe('"immediate"');
  });
});
