import type { Frame, StoredEvent, StoredExecution, StoredMapRun, StoredStateMachine } from '../model.ts';

/**
 * Where the engine keeps state machines, executions, frames and history. Writes are buffered
 * and made durable together by `commit()`, which groups every write issued since the last flush
 * (from all executions) into one batch: the engine awaits it before running a state.
 */
export interface LoadedState {
  stateMachines: StoredStateMachine[];
  definitions: Map<string, string>;
  executions: StoredExecution[];
  /** Frames of RUNNING executions, by execution ARN. */
  frames: Map<string, Frame[]>;
  /** Last history event id of each RUNNING execution. */
  lastEventIds: Map<string, number>;
  mapRuns: StoredMapRun[];
}

export interface ReadEventsOptions {
  /** Forward: events with id > after. Reverse: events with id < after (all when undefined). */
  after?: number;
  limit: number;
  reverse: boolean;
}

export interface EngineStore {
  readonly durable: boolean;
  load(): Promise<LoadedState>;
  putStateMachine(stateMachine: StoredStateMachine): void;
  deleteStateMachine(arn: string): void;
  putDefinition(hash: string, text: string): void;
  putExecution(execution: StoredExecution): void;
  putMapRun(mapRun: StoredMapRun): void;
  putFrame(executionArn: string, frame: Frame): void;
  deleteFrame(executionArn: string, frameId: string): void;
  appendEvent(executionArn: string, event: StoredEvent): void;
  /** Resolves once every write issued so far has reached the store (for a file store: the OS). */
  commit(): Promise<void>;
  readEvents(executionArn: string, options: ReadEventsOptions): Promise<StoredEvent[]>;
  close(): Promise<void>;
}
