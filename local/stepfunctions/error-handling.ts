import type { Retrier } from './asl-types.ts';
import type { CompiledCatcher, CompiledState } from './definition.ts';
import type { StatesError } from './errors.ts';

/**
 * `ErrorEquals` matching as AWS documents it: a name matches itself (a heartbeat expiry also
 * answers to `States.HeartbeatTimeout`); `States.ALL` matches everything but `States.Runtime`;
 * `States.TaskFailed` matches everything but `States.Timeout` and `States.Runtime`.
 * `States.Runtime` is never retried or caught.
 */
export function errorMatches(errorEquals: readonly string[], error: StatesError): boolean {
  if (error.error === 'States.Runtime') return false;
  return errorEquals.some(
    (name) =>
      name === error.error ||
      error.aliases.includes(name) ||
      name === 'States.ALL' ||
      (name === 'States.TaskFailed' && error.error !== 'States.Timeout'),
  );
}

/** The first retrier whose ErrorEquals matches; when it is exhausted no later retrier is tried. */
export function matchingRetrier(state: CompiledState, error: StatesError): { retrier: Retrier; index: number } | undefined {
  const index = state.retry.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
  const retrier = state.retry[index];
  return retrier ? { retrier, index } : undefined;
}

export function matchingCatcher(state: CompiledState, error: StatesError): CompiledCatcher | undefined {
  return state.catch.find((catcher) => errorMatches(catcher.errorEquals, error));
}

/** IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, drawn from [0, d) with FULL jitter. */
export function retryDelayMs(retrier: Retrier, attempt: number): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const backoff = retrier.BackoffRate ?? 2;
  let seconds = interval * backoff ** attempt;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = Math.random() * seconds;
  return seconds * 1000;
}
