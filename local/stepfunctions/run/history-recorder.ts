import type { Frame, StoredEvent } from '../model.ts';
import type { RunHost } from './run-host.ts';

export interface EmitOptions {
  /** The event's previousEventId; by default the frame's last event (0 without a frame). */
  prev?: number;
  /** False: the event does not become the frame's last one (a side chain such as MapIterationStarted). */
  chain?: boolean;
  ts?: number;
}

/**
 * One execution's history and the staging of its writes: events get ids counting from 1 and
 * the `previousEventId` of the chain they continue; frames and events are staged in the store
 * and committed in batches by the drive loop. A failed commit is the engine's failure, not the
 * execution's: it goes to `host.storeFailed`.
 */
export class HistoryRecorder {
  lastEventId = 0;
  /** Ids of the events of quiet frames (distributed Map children): negative, never recorded here. */
  private quietEventId = 0;

  constructor(
    private readonly host: Pick<RunHost, 'clock' | 'store' | 'storeFailed' | 'mapRuns'>,
    private readonly executionArn: string,
  ) {}

  emit(frame: Frame | undefined, type: string, d?: Record<string, unknown>, options: EmitOptions = {}): number {
    if (frame?.quiet) {
      // The child execution's own history gets the event; ids here stay negative (frame ids derive from them).
      if (frame.execution) this.host.mapRuns.childEvent(frame.execution, type, d);
      const id = --this.quietEventId;
      if (options.chain !== false) frame.prev = id;
      return id;
    }
    const id = ++this.lastEventId;
    const event: StoredEvent = { id, prev: options.prev ?? frame?.prev ?? 0, ts: options.ts ?? this.host.clock.now(), type };
    if (d) event.d = d;
    if (frame && options.chain !== false) frame.prev = id;
    this.host.store.appendEvent(this.executionArn, event);
    return id;
  }

  saveFrame(frame: Frame): void {
    this.host.store.putFrame(this.executionArn, frame);
  }

  deleteFrame(frame: Frame): void {
    this.host.store.deleteFrame(this.executionArn, frame.id);
  }

  /**
   * Commits without waiting, for writes that nothing runs after. A failed commit goes to the
   * engine, which stops; it must not become an unhandled rejection that kills the process.
   */
  persist(): void {
    this.host.store.commit().catch((error: unknown) => this.host.storeFailed(error));
  }

  /** Commits and waits; false when the commit failed (the engine has then stopped). */
  async committed(): Promise<boolean> {
    try {
      await this.host.store.commit();
      return true;
    } catch (error) {
      this.host.storeFailed(error);
      return false;
    }
  }
}
