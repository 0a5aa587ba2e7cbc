import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, history, runToEnd, startHarness, type Harness } from './harness.ts';

/**
 * TIME_SCALE: the engine's timers run on the local cloud's virtual clock, so with 3600 an hour
 * passes in a second, and history timestamps are virtual times, consistent with each other.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: 3600 });
});
afterAll(() => h.close());

describe('TIME_SCALE', () => {
  // Finishing at all within the test's timeout shows the scale; the assertions read virtual time.
  it('a one-hour Wait passes at 3600x, and the history shows the full virtual hour', async () => {
    const result = await runToEnd(h, { ...JSONATA, StartAt: 'Hour', States: { Hour: { Type: 'Wait', Seconds: 3600, End: true } } });
    expect(result.status).toBe('SUCCEEDED');
    const events = await history(h, result.executionArn);
    const entered = events.find((e) => e.type === 'WaitStateEntered')?.timestamp?.getTime() ?? 0;
    const exited = events.find((e) => e.type === 'WaitStateExited')?.timestamp?.getTime() ?? 0;
    expect(exited - entered).toBeGreaterThanOrEqual(3_600_000);
  });

  it('history and execution timestamps follow the virtual clock, not the wall clock', async () => {
    // Let virtual time run ahead of the wall clock first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await runToEnd(h, { ...JSONATA, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const virtualNow = h.clock.now();
    const started = result.startDate?.getTime() ?? 0;
    expect(Math.abs(started - virtualNow)).toBeLessThan(3600 * 1000);
    expect(started - Date.now()).toBeGreaterThan(60_000);
    const events = await history(h, result.executionArn);
    for (const event of events) expect(Math.abs((event.timestamp?.getTime() ?? 0) - started)).toBeLessThan(3600 * 1000);
  });

  it('Retry intervals scale too: the second attempt comes a virtual half hour after the first', async () => {
    let calls = 0;
    h.invoker.register('flakyHourly', () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('busy'), { name: 'Busy' });
      return 'ok';
    });
    const result = await runToEnd(h, {
      ...JSONATA,
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'flakyHourly' },
          Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1800 }],
          End: true,
        },
      },
    });
    expect(result.status).toBe('SUCCEEDED');
    const attempts = (await history(h, result.executionArn)).filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp?.getTime() ?? 0);
    expect(attempts).toHaveLength(2);
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(1_800_000);
  });
});
