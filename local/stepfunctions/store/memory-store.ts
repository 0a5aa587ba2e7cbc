import type { StoredEvent } from '../model.ts';
import type { EngineStore, LoadedState, ReadEventsOptions } from './store-types.ts';

/** The `:memory:` store: the engine's own maps are the truth; only history lives here. */
export class MemoryStore implements EngineStore {
  readonly durable = false;
  private readonly events = new Map<string, StoredEvent[]>();
  private readonly done = Promise.resolve();

  async load(): Promise<LoadedState> {
    return { stateMachines: [], definitions: new Map(), executions: [], frames: new Map(), lastEventIds: new Map(), mapRuns: [] };
  }

  putStateMachine(): void {}
  deleteStateMachine(): void {}
  putDefinition(): void {}
  putExecution(): void {}
  putMapRun(): void {}
  putFrame(): void {}
  deleteFrame(): void {}

  appendEvent(executionArn: string, event: StoredEvent): void {
    let list = this.events.get(executionArn);
    if (!list) this.events.set(executionArn, (list = []));
    list.push(event);
  }

  commit(): Promise<void> {
    return this.done;
  }

  async readEvents(executionArn: string, { after, limit, reverse }: ReadEventsOptions): Promise<StoredEvent[]> {
    const list = this.events.get(executionArn) ?? [];
    // Event ids are 1..n in order, so an id is its index + 1.
    if (!reverse) {
      const start = after ?? 0;
      return list.slice(start, start + limit);
    }
    const end = after === undefined ? list.length : after - 1;
    return list.slice(Math.max(0, end - limit), end).reverse();
  }

  async close(): Promise<void> {}
}
