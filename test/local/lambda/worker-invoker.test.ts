import { afterAll, describe, expect, it } from 'vitest';
import { createClock } from '#local/clock.ts';
import type { LambdaInvocationResult } from '#local/lambda/invoker-types.ts';
import { createWorkerInvoker } from '#local/lambda/worker-invoker.ts';
import { testManifest } from '../fixtures/manifest.ts';

const logged: string[] = [];
// An hour per second: a handler reading its own wall clock would be far off the cloud's time.
const clock = createClock({ scale: 3600 });
const invoker = createWorkerInvoker({ manifest: testManifest, workers: 2, clock, log: (line) => logged.push(line) });
afterAll(() => invoker.close());

const payloadOf = <T>(result: LambdaInvocationResult): T => {
  if (!result.ok) throw new Error(`expected a result, got ${JSON.stringify(result.error)}`);
  return result.payload as T;
};

describe('Lambda handlers on worker threads', () => {
  it('runs them off the main thread, with the event, a context and each function its own environment', async () => {
    process.env.SIGNING_KEY_ARN = 'arn:aws:kms:us-east-1:000000000000:key/set-after-start';
    try {
      const [blue, red] = await Promise.all([invoker.invoke('echo', { consignment: 'C-1', delayMs: 30 }), invoker.invoke('echoRed', { delayMs: 5 })]);
      type Seen = { event: unknown; context: Record<string, unknown>; env: Record<string, unknown> };
      expect(payloadOf<Seen>(blue)).toMatchObject({ event: { consignment: 'C-1' }, context: { functionName: 'echo', awsRequestId: blue.requestId }, env: { colour: 'blue' } });
      // The process's variables are the thread's, also those set after it started (KMS key ARNs).
      expect(payloadOf<Seen>(red).env).toMatchObject({ colour: 'red', functionName: 'echoRed', signingKey: 'arn:aws:kms:us-east-1:000000000000:key/set-after-start' });
      expect(payloadOf<{ mainThread: boolean }>(await invoker.invoke('clock', {})).mainThread).toBe(false);
    } finally {
      delete process.env.SIGNING_KEY_ARN;
    }
  });

  it("gives handlers the cloud's clock, also when TIME_SCALE runs it faster", async () => {
    const before = clock.now();
    const { now } = payloadOf<{ now: number }>(await invoker.invoke('clock', {}));
    const after = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  it('answers as the in-process invoker does: function errors, timeouts, unknown functions', async () => {
    expect(await invoker.invoke('fail', {})).toMatchObject({ ok: false, error: { errorType: 'ConsignmentRejected' } });
    expect(await invoker.invoke('fail', { mode: 'hang' })).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    await expect(invoker.invoke('nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(invoker.invoke('brokenImport', {})).resolves.toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError' } });
  });

  it('fails the invocations of a thread that dies with a retryable ServiceException, and starts another', async () => {
    await expect(invoker.invoke('clock', { exit: true })).rejects.toMatchObject({ name: 'ServiceException' });
    expect(logged.some((line) => line.includes('starting another'))).toBe(true);
    const results = await Promise.all([1, 2, 3, 4].map(() => invoker.invoke('clock', {})));
    for (const result of results) expect(result.ok).toBe(true);
  });

  it('waits for the invocations in flight when drained', async () => {
    const pending = invoker.invoke('echo', { delayMs: 200 });
    await invoker.drain(30_000);
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(true);
  });
});
