import type { Manifest } from '../infra/manifest-types.ts';
import type { LambdaInvoker } from './lambda/invoker-types.ts';

/**
 * The manifest's recurring functions on one machine: each runs once as the local cloud starts
 * (with its `startInput`: after a crash nothing is in flight), then at its rate on a wall-clock
 * timer. EventBridge Scheduler runs them on AWS; the local scheduler is not used here because its
 * clock may run many times faster than real time, and housekeeping need not.
 */
export function startRecurring(m: Manifest, lambda: LambdaInvoker, log: (line: string) => void): { ready: Promise<void>; stop(): void } {
  const timers: NodeJS.Timeout[] = [];
  const run = async (name: string, fn: string, event: Record<string, unknown>) => {
    const outcome = await lambda.invoke(fn, event);
    if (!outcome.ok) log(`recurring ${name}: ${fn} failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
  };
  const ready = Promise.all(
    Object.entries(m.recurring ?? {}).map(async ([name, spec]) => {
      await run(name, spec.function, spec.startInput ?? {});
      timers.push(setInterval(() => void run(name, spec.function, {}), spec.everyMinutes * 60_000).unref());
    }),
  ).then(() => undefined);
  return { ready, stop: () => timers.forEach((timer) => clearInterval(timer)) };
}
