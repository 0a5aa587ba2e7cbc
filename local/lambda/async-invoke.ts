import type { Clock } from '../clock.ts';
import { createTimerSet } from '../timer-set.ts';
import type { LambdaInvoker } from './invoker-types.ts';

/**
 * Lambda's asynchronous invocation (`InvocationType: Event`), which SNS and EventBridge
 * Scheduler use: the caller is done once Lambda accepts the event; a function error is retried
 * by Lambda twice, one minute and then two minutes later (on the local clock), then dropped.
 */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000] as const;

export interface AsyncLambdaInvoker {
  /** Queues one event for a function; never throws. */
  invoke(functionNameOrArn: string, payload: unknown): void;
  /** Cancels pending retries; events still running finish but are not retried. */
  close(): void;
}

export function createAsyncLambdaInvoker(options: {
  invoker: LambdaInvoker;
  clock: Clock;
  retryDelaysMs?: readonly number[];
  log?: (line: string) => void;
}): AsyncLambdaInvoker {
  const { invoker, clock } = options;
  const delays = options.retryDelaysMs ?? ASYNC_RETRY_DELAYS_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timers = createTimerSet(clock);
  let closed = false;

  function attempt(functionNameOrArn: string, payload: unknown, attemptNumber: number): void {
    if (closed) return;
    invoker.invoke(functionNameOrArn, payload).then(
      (result) => {
        if (result.ok || closed) return;
        const delay = delays[attemptNumber];
        if (delay === undefined) {
          log(`Lambda dropped an asynchronous event for ${functionNameOrArn} after ${attemptNumber + 1} attempts: ${result.error.errorType}: ${result.error.errorMessage}`);
          return;
        }
        timers.at(clock.now() + delay, () => attempt(functionNameOrArn, payload, attemptNumber + 1));
      },
      (error: unknown) => log(`Lambda rejected an asynchronous event for ${functionNameOrArn}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`),
    );
  }

  return {
    invoke: (functionNameOrArn, payload) => attempt(functionNameOrArn, payload, 0),
    close() {
      closed = true;
      timers.clear();
    },
  };
}
