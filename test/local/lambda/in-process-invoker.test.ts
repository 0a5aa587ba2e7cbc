import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClock } from '#local/clock.ts';
import { createAsyncLambdaInvoker } from '#local/lambda/async-invoke.ts';
import { createInProcessInvoker } from '#local/lambda/in-process-invoker.ts';
import type { LambdaInvocationResult } from '#local/lambda/invoker-types.ts';
import { testManifest } from '../fixtures/manifest.ts';
import { clearRecords, recorded, waitFor } from '../fixtures/recorder.ts';

const logged: string[] = [];
const invoker = createInProcessInvoker({ manifest: testManifest, log: (line) => logged.push(line) });

function failure(result: LambdaInvocationResult) {
  if (result.ok) throw new Error(`expected a failed invocation, got ${JSON.stringify(result.payload)}`);
  return result.error;
}

afterEach(() => {
  clearRecords();
  logged.length = 0;
});

describe('Lambda in-process invoker', () => {
  it('passes the event and a Lambda context (request id, ARN, memory, remaining time under the timeout)', async () => {
    const result = await invoker.invoke('echo', { consignment: 'C-1' });
    expect(result.ok).toBe(true);
    const seen = (result as { payload: { event: unknown; context: Record<string, unknown> } }).payload;
    expect(seen.event).toEqual({ consignment: 'C-1' });
    expect(seen.context).toMatchObject({
      awsRequestId: result.requestId,
      functionName: 'echo',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      memoryLimitInMB: '128',
    });
    expect(seen.context.remainingMs).toBeGreaterThan(1000);
    expect(seen.context.remainingMs).toBeLessThanOrEqual(2000);
  });

  it('resolves a function by name, name:qualifier, full ARN and partial ARN', async () => {
    for (const reference of ['echo', 'echo:$LATEST', invoker.functionArn('echo'), `${invoker.functionArn('echo')}:live`, '000000000000:function:echo']) {
      expect((await invoker.invoke(reference, {})).ok, reference).toBe(true);
    }
  });

  it('rejects an unknown function with ResourceNotFoundException (a service error, not a function error)', async () => {
    await expect(invoker.invoke('nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('gives each function its own environment, also across awaits of concurrent invocations', async () => {
    const [blue, red] = await Promise.all([invoker.invoke('echo', { delayMs: 50 }), invoker.invoke('echoRed', { delayMs: 10 })]);
    expect((blue as { payload: { env: { colour: string } } }).payload.env).toMatchObject({ colour: 'blue', functionName: 'echo' });
    expect((red as { payload: { env: { colour: string } } }).payload.env).toMatchObject({ colour: 'red', functionName: 'echoRed' });
    expect(recorded<{ colourAfterAwait: string }>('echo')[0]?.colourAfterAwait).toBe('blue');
    expect(recorded<{ colourAfterAwait: string }>('echoRed')[0]?.colourAfterAwait).toBe('red');
    expect(process.env.FIXTURE_COLOUR).toBeUndefined();
  });

  it('passes the payload through JSON, so the handler cannot change the caller’s object', async () => {
    const event = { consignment: 'C-2', when: new Date(0) };
    const result = await invoker.invoke('echo', event);
    expect(event).not.toHaveProperty('mutated');
    expect((result as { payload: { event: unknown } }).payload.event).toMatchObject({ consignment: 'C-2', when: '1970-01-01T00:00:00.000Z' });
  });

  it('maps a thrown Error to errorType = its name, errorMessage and the stack as trace', async () => {
    const error = failure(await invoker.invoke('fail', {}));
    expect(error.errorType).toBe('ConsignmentRejected');
    expect(error.errorMessage).toBe('容器号无效 / container number is not valid');
    expect(error.trace?.[0]).toContain('ConsignmentRejected');
    expect(logged.some((line) => line.includes('Invoke Error') && line.includes('ConsignmentRejected'))).toBe(true);
  });

  it('maps a thrown non-Error to errorType = its typeof, as the Node.js runtime does', async () => {
    expect(failure(await invoker.invoke('fail', { mode: 'string' }))).toEqual({ errorType: 'string', errorMessage: 'plain string thrown', trace: [] });
  });

  it('reports a handler that throws synchronously as a function error, and clears its timeout timer', async () => {
    // The timeout timer is the one armed for syncFail's 900 s; it must not outlive the invocation.
    const armed: unknown[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fire: () => void, ms?: number) => {
      const timer = realSetTimeout(fire, ms);
      if (ms === 900_000) armed.push(timer);
      return timer;
    }) as typeof setTimeout);
    const clearTimeoutSpy = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const result = await invoker.invoke('syncFail', { consignment: null });
      const error = failure(result);
      expect(error.errorType).toBe('TypeError');
      expect(error.errorMessage).toBe('consignment is required');
      expect(error.trace?.[0]).toContain('TypeError: consignment is required');
      expect(recorded('syncFail')).toHaveLength(1);
      expect(logged.some((line) => line.includes('Invoke Error') && line.includes(result.requestId))).toBe(true);
      expect(armed).toHaveLength(1);
      expect(clearTimeoutSpy).toHaveBeenCalledWith(armed[0]);
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
      armed.forEach((timer) => clearTimeout(timer as NodeJS.Timeout));
    }
  });

  it('stops waiting at the configured timeout with Lambda’s "Task timed out after N seconds"', async () => {
    // The handler waits 5 s, its timeout is 1 s: only the timeout can answer first.
    const error = failure(await invoker.invoke('fail', { mode: 'hang' }));
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/);
  });

  it('does not count time the shared event loop was busy elsewhere against a handler’s timeout', async () => {
    const event = { body: JSON.stringify({ result: 'answered', delayMs: 1200 }) };
    await invoker.invoke('replyWithin1s', { body: JSON.stringify({ result: 'warm' }) });
    const pending = invoker.invoke('replyWithin1s', event);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Other work holds the loop for 1.5 s while the handler waits 1.2 s: the 1 s timeout falls due
    // while the handler is starved, which on AWS (a CPU per invocation) could not happen.
    const busyUntil = Date.now() + 1500;
    while (Date.now() < busyUntil) {
      // busy
    }
    const result = await pending;
    expect(result).toMatchObject({ ok: true, payload: 'answered' });
  });

  it('reports a module that fails to load as Runtime.ImportModuleError', async () => {
    expect(failure(await invoker.invoke('brokenImport', {}))).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: 'Error: configuration missing at import' });
    expect(failure(await invoker.invoke('missingModule', {})).errorType).toBe('Runtime.ImportModuleError');
  });

  it('retries a failing asynchronous invocation twice, one and then two minutes later (Lambda async retries)', async () => {
    const clock = createClock({ scale: 6000 }); // a minute passes in 10 ms
    const asyncInvoker = createAsyncLambdaInvoker({ invoker, clock, log: () => undefined });
    const started = clock.now();
    asyncInvoker.invoke('flaky', { key: 'async', failures: 5 });
    const attempts = await waitFor(() => (recorded('flaky:async').length === 3 ? recorded<{ at: number }>('flaky:async') : undefined), 3000, 'three attempts');
    expect(attempts).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorded('flaky:async')).toHaveLength(3);
    expect(clock.now() - started).toBeGreaterThanOrEqual(180_000);
    asyncInvoker.close();
  });
});
