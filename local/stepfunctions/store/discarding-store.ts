import type { EngineStore, LoadedState } from './store-types.ts';

/**
 * The store of EXPRESS executions: AWS keeps no history of them (only CloudWatch Logs, when
 * configured) and does not resume them, so locally nothing of them is written anywhere.
 */
export class DiscardingStore implements EngineStore {
  readonly durable = false;
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
  appendEvent(): void {}

  commit(): Promise<void> {
    return this.done;
  }

  async readEvents(): Promise<never[]> {
    return [];
  }

  async close(): Promise<void> {}
}
