import { performance } from 'node:perf_hooks';

/**
 * On AWS every invocation has a CPU of its own; locally all handlers, the emulators and whatever
 * else runs on the machine share one event loop. Time a handler spends waiting for that loop is
 * not time it ran, so it must not count against its Lambda timeout. This meter measures it: a
 * ticker that should fire every `intervalMs` adds up how late it fires. A handler that really
 * runs too long (awaits something slow, or never answers) still sees its ticker on time and
 * times out as on AWS.
 */
export interface StarvationMeter {
  /** Milliseconds the loop was held up since the meter was created (only while someone watches). */
  total(): number;
  /** Keeps the ticker running while at least one invocation is watching. */
  watch(): () => void;
}

export function createStarvationMeter(intervalMs = 10): StarvationMeter {
  let starved = 0;
  let lastTick = 0;
  let watchers = 0;
  let ticker: NodeJS.Timeout | undefined;

  const lateness = (now: number) => Math.max(0, now - lastTick - intervalMs);
  const tick = () => {
    const now = performance.now();
    starved += lateness(now);
    lastTick = now;
  };

  return {
    total: () => starved + (watchers > 0 ? lateness(performance.now()) : 0),
    watch() {
      if (watchers++ === 0) {
        lastTick = performance.now();
        ticker = setInterval(tick, intervalMs);
        // The ticker never keeps the process alive on its own.
        ticker.unref();
      }
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--watchers === 0) {
          tick();
          clearInterval(ticker);
        }
      };
    },
  };
}

/**
 * Resolves once `budgetMs` of the caller's own time has passed: wall time minus the time the
 * event loop was starved. `cancel` stops it (the invocation finished first).
 */
export function ownTimeDeadline(meter: StarvationMeter, budgetMs: number): { expired: Promise<void>; cancel(): void } {
  const stopWatching = meter.watch();
  const startedAt = performance.now();
  const starvedAtStart = meter.total();
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const expired = new Promise<void>((resolve) => {
    const check = () => {
      const ownTime = performance.now() - startedAt - (meter.total() - starvedAtStart);
      if (ownTime >= budgetMs) {
        stopWatching();
        resolve();
      } else if (!cancelled) {
        timer = setTimeout(check, budgetMs - ownTime);
      }
    };
    timer = setTimeout(check, budgetMs);
  });
  return {
    expired,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      stopWatching();
    },
  };
}
