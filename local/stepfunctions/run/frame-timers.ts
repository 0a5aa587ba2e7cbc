import type { Clock } from '../../clock.ts';
import type { Frame } from '../model.ts';

/**
 * At most one timer per frame (a Wait, a retry backoff, a task's timeout or heartbeat), on the
 * injectable clock. A timer fires only if its frame is still alive and still in the phase it
 * was armed in, so a late timer of a finished phase does nothing.
 */
export class FrameTimers {
  private readonly timers = new Map<string, () => void>();

  constructor(
    private readonly clock: Clock,
    private readonly isAlive: (frame: Frame) => boolean,
  ) {}

  arm(frame: Frame, at: number, fire: () => void): void {
    this.cancel(frame);
    const phase = frame.phase;
    const cancel = this.clock.at(at, () => {
      this.timers.delete(frame.id);
      if (this.isAlive(frame) && frame.phase === phase) fire();
    });
    this.timers.set(frame.id, cancel);
  }

  cancel(frame: Frame): void {
    const cancel = this.timers.get(frame.id);
    if (cancel) {
      cancel();
      this.timers.delete(frame.id);
    }
  }

  cancelAll(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
