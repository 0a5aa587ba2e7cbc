import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs } from '#local/stepfunctions/error-handling.ts';
import { FunctionError, JSONATA, history, runToEnd, startHarness, types, type Harness } from './harness.ts';

/** Retry, Catch, timeouts and failure propagation, as the AWS error-handling docs describe them. */
let h: Harness;
beforeAll(async () => {
  // 1000x virtual time: retry intervals and timeouts in seconds pass in milliseconds.
  h = await startHarness({ scale: 1000 });
});
afterAll(() => h.close());

const task = (fn: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Arguments: { FunctionName: fn, Payload: { retryCount: '{% $states.context.State.RetryCount %}' } },
  Output: '{% $states.result.Payload %}',
  End: true,
  ...extra,
});
const machine = (states: Record<string, unknown>, startAt = 'T') => ({ ...JSONATA, StartAt: startAt, States: states });
const at = (e: HistoryEvent | undefined) => e?.timestamp?.getTime() ?? Number.NaN;

function failingTimes(name: string, failures: number, errorType = 'Transient') {
  let calls = 0;
  h.invoker.register(name, (payload) => {
    calls += 1;
    if (calls <= failures) throw new FunctionError(errorType, `attempt ${calls} failed`);
    return { calls, payload };
  });
}

describe('Retry', () => {
  it('retries with IntervalSeconds x BackoffRate^n, counting $states.context.State.RetryCount (AWS)', async () => {
    failingTimes('flaky', 2);
    const result = await runToEnd(h, machine({ T: task('flaky', { Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 }] }) }));
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? '')).toEqual({ calls: 3, payload: { retryCount: 2 } });
    const events = await history(h, result.executionArn);
    expect(types(events).filter((t) => t.startsWith('Task'))).toEqual([
      'TaskStateEntered',
      'TaskScheduled', 'TaskStarted', 'TaskFailed',
      'TaskScheduled', 'TaskStarted', 'TaskFailed',
      'TaskScheduled', 'TaskStarted', 'TaskSucceeded',
      'TaskStateExited',
    ]);
    const failed = events.filter((e) => e.type === 'TaskFailed');
    const scheduled = events.filter((e) => e.type === 'TaskScheduled');
    expect(at(scheduled[1]) - at(failed[0])).toBeGreaterThanOrEqual(2_000);
    expect(at(scheduled[2]) - at(failed[1])).toBeGreaterThanOrEqual(6_000);
    expect(failed[0]?.taskFailedEventDetails).toMatchObject({ error: 'Transient', resourceType: 'lambda', resource: 'invoke' });
  });

  it('gives up after MaxAttempts and then lets Catch handle the error', async () => {
    failingTimes('broken', 100);
    const result = await runToEnd(
      h,
      machine({
        T: task('broken', {
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
        }),
        Handled: { Type: 'Pass', End: true },
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? '')).toMatchObject({ Error: 'Transient', Cause: expect.stringContaining('attempt 3 failed') });
    expect(types(await history(h, result.executionArn)).filter((t) => t === 'TaskScheduled')).toHaveLength(3);
  });

  it('MaxAttempts 0 never retries; a matched but exhausted retrier stops the search (AWS)', async () => {
    failingTimes('once', 1);
    const result = await runToEnd(
      h,
      machine({ T: task('once', { Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 0 }, { ErrorEquals: ['States.ALL'], MaxAttempts: 5 }] }) }),
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Transient');
  });

  it('MaxDelaySeconds caps the backoff', async () => {
    failingTimes('capped', 2);
    const result = await runToEnd(
      h,
      machine({ T: task('capped', { Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 100, BackoffRate: 10, MaxDelaySeconds: 150 }] }) }),
    );
    const events = await history(h, result.executionArn);
    const failed = events.filter((e) => e.type === 'TaskFailed');
    const scheduled = events.filter((e) => e.type === 'TaskScheduled');
    const second = at(scheduled[2]) - at(failed[1]);
    expect(second).toBeGreaterThanOrEqual(150_000);
    expect(second).toBeLessThan(1_000_000);
  });

  it('JitterStrategy FULL draws each delay from [0, computed delay)', () => {
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 10, BackoffRate: 2, JitterStrategy: 'FULL' as const };
    const delays = Array.from({ length: 50 }, () => retryDelayMs(retrier, 1));
    expect(Math.max(...delays)).toBeLessThan(20_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect(retryDelayMs({ ErrorEquals: ['X'] }, 2)).toBe(4_000);
  });
});

describe('Catch', () => {
  it('applies the catcher Output and Assign with $states.errorOutput', async () => {
    failingTimes('reject', 100, 'PermitExhausted');
    const result = await runToEnd(
      h,
      machine({
        T: task('reject', {
          Catch: [{ ErrorEquals: ['PermitExhausted'], Assign: { reason: '{% $states.errorOutput.Error %}' }, Output: { escalate: true }, Next: 'Report' }],
        }),
        Report: { Type: 'Pass', Output: { input: '{% $states.input %}', reason: '{% $reason %}' }, End: true },
      }),
    );
    expect(JSON.parse(result.output ?? '')).toEqual({ input: { escalate: true }, reason: 'PermitExhausted' });
    const exited = (await history(h, result.executionArn)).find((e) => e.type === 'TaskStateExited');
    expect(exited?.stateExitedEventDetails?.assignedVariables).toEqual({ reason: '"PermitExhausted"' });
  });

  it("passes a Lambda's own error name through, with its error payload as the cause; none is Lambda.Unknown", async () => {
    h.invoker.register('named', () => {
      throw new FunctionError('ConsignmentNotFound', 'no consignment C-404');
    });
    const named = await runToEnd(h, machine({ T: task('named') }));
    expect(named.error).toBe('ConsignmentNotFound');
    expect(JSON.parse(named.cause ?? '')).toEqual({ errorType: 'ConsignmentNotFound', errorMessage: 'no consignment C-404' });
    h.invoker.register('nameless', () => {
      throw new FunctionError('', 'crashed');
    });
    expect((await runToEnd(h, machine({ T: task('nameless') }))).error).toBe('Lambda.Unknown');
  });

  it('an unknown function fails the task with Lambda.ResourceNotFoundException', async () => {
    const result = await runToEnd(h, machine({ T: task('does-not-exist') }));
    expect(result.error).toBe('Lambda.ResourceNotFoundException');
    expect(result.cause).toMatch(/^Function not found: .*does-not-exist:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;/);
  });

  it('States.TaskFailed matches task errors but not States.Timeout', async () => {
    h.invoker.register('sleepy', () => new Promise((resolve) => setTimeout(() => resolve('late'), 200)));
    const result = await runToEnd(
      h,
      machine({
        T: task('sleepy', {
          TimeoutSeconds: 5,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], Output: 'task-failed', Next: 'Done' },
            { ErrorEquals: ['States.Timeout'], Output: 'timeout', Next: 'Done' },
          ],
        }),
        Done: { Type: 'Succeed' },
      }),
    );
    expect(result.output).toBe('"timeout"');
  });

  it('States.ALL does not catch States.Runtime (AWS)', async () => {
    const result = await runToEnd(
      h,
      machine({
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { Payload: 1 }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }], End: true },
        Done: { Type: 'Succeed' },
      }),
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
  });
});

describe('timeouts', () => {
  it('TimeoutSeconds: a task that runs longer fails with States.Timeout (TaskTimedOut event)', async () => {
    h.invoker.register('slow', () => new Promise((resolve) => setTimeout(() => resolve('late'), 200)));
    const result = await runToEnd(h, machine({ T: task('slow', { TimeoutSeconds: 10 }) }));
    expect(result.error).toBe('States.Timeout');
    const events = await history(h, result.executionArn);
    expect(types(events)).toContain('TaskTimedOut');
    expect(events.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails).toMatchObject({ error: 'States.Timeout', resourceType: 'lambda' });
    expect(types(events)).not.toContain('TaskSucceeded');
  });

  it('HeartbeatSeconds: no heartbeat fails the callback task with States.Timeout, catchable as States.HeartbeatTimeout', async () => {
    h.invoker.register('silent', () => ({}));
    const result = await runToEnd(
      h,
      machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Arguments: { FunctionName: 'silent', Payload: { token: '{% $states.context.Task.Token %}' } },
          // 1.8 s of real time at this harness's 1000×: the callback's call is submitted well
          // before, even on a machine busy with other work.
          HeartbeatSeconds: 1800,
          TimeoutSeconds: 100_000,
          Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Output: '{% $states.errorOutput %}', Next: 'Escalate' }],
          End: true,
        },
        Escalate: { Type: 'Pass', End: true },
      }),
    );
    expect(JSON.parse(result.output ?? '')).toEqual({ Error: 'States.Timeout' });
    const events = await history(h, result.executionArn);
    const submitted = events.find((e) => e.type === 'TaskSubmitted');
    const timedOut = events.find((e) => e.type === 'TaskTimedOut');
    expect(at(timedOut) - at(submitted)).toBeGreaterThanOrEqual(1_799_000);
  });

  it('the state machine TimeoutSeconds ends the execution TIMED_OUT (ExecutionTimedOut)', async () => {
    const result = await runToEnd(h, { ...JSONATA, TimeoutSeconds: 30, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
    expect(result.status).toBe('TIMED_OUT');
    const events = await history(h, result.executionArn);
    expect(events.at(-1)?.type).toBe('ExecutionTimedOut');
    expect(events.at(-1)?.executionTimedOutEventDetails?.error).toBe('States.Timeout');
  });
});

describe('failures in branches', () => {
  it('a failed Parallel branch fails the Parallel and aborts its sibling at once', async () => {
    const begin = Date.now();
    const result = await runToEnd(
      h,
      machine(
        {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Long', States: { Long: { Type: 'Wait', Seconds: 3_600_000, End: true } } },
              { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Seal.Broken', Cause: 'wagon W3' } } },
            ],
            End: true,
          },
        },
        'Both',
      ),
    );
    expect(Date.now() - begin).toBeLessThan(5_000);
    expect(result).toMatchObject({ status: 'FAILED', error: 'Seal.Broken', cause: 'wagon W3' });
    const t = types(await history(h, result.executionArn));
    expect(t).toContain('WaitStateAborted');
    expect(t.indexOf('WaitStateAborted')).toBeLessThan(t.indexOf('ParallelStateFailed'));
    expect(t.at(-1)).toBe('ExecutionFailed');
  });

  it('a failed Map iteration fails the Map (MapIterationFailed, MapIterationAborted, MapStateFailed) and its Catch applies', async () => {
    const result = await runToEnd(
      h,
      machine(
        {
          Each: {
            Type: 'Map',
            Items: '{% $states.input %}',
            ItemProcessor: {
              StartAt: 'Check',
              States: {
                Check: {
                  Type: 'Choice',
                  Choices: [{ Condition: "{% $states.input = 'bad' %}", Next: 'Reject' }],
                  Default: 'Hold',
                },
                Hold: { Type: 'Wait', Seconds: 3_600_000, End: true },
                Reject: { Type: 'Fail', Error: 'Wagon.Rejected' },
              },
            },
            Catch: [{ ErrorEquals: ['Wagon.Rejected'], Next: 'Rejected' }],
            End: true,
          },
          Rejected: { Type: 'Pass', End: true },
        },
        'Each',
      ),
      ['ok', 'bad', 'ok'],
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? '')).toEqual({ Error: 'Wagon.Rejected' });
    const events = await history(h, result.executionArn);
    const t = types(events);
    expect(t.filter((x) => x === 'MapIterationFailed')).toHaveLength(1);
    expect(events.find((e) => e.type === 'MapIterationFailed')?.mapIterationFailedEventDetails).toEqual({ name: 'Each', index: 1 });
    expect(t.filter((x) => x === 'MapIterationAborted')).toHaveLength(2);
    expect(t).toContain('MapStateFailed');
    expect(t.slice(-4)).toEqual(['MapStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });
});
