import type { Clock } from './clock.ts';

/**
 * The pending timers one emulator owns on the local clock, so that `close()` can cancel them
 * all. Safe when the clock fires at once (a due time already past, or a large TIME_SCALE).
 */
export interface TimerSet {
  /** Calls `fire` at a virtual instant; returns a canceller. */
  at(virtualMs: number, fire: () => void): () => void;
  clear(): void;
}

export function createTimerSet(clock: Clock): TimerSet {
  const pending = new Set<() => void>();
  let cleared = false;
  return {
    at(virtualMs, fire) {
      if (cleared) return () => undefined;
      let done = false;
      const cancelTimer = clock.at(virtualMs, () => {
        if (done) return;
        done = true;
        pending.delete(cancel);
        fire();
      });
      // Declared after: the clock may already have fired, and then there is nothing to cancel.
      function cancel(): void {
        done = true;
        cancelTimer();
        pending.delete(cancel);
      }
      if (!done) pending.add(cancel);
      return cancel;
    },
    clear() {
      cleared = true;
      [...pending].forEach((cancel) => cancel());
    },
  };
}
