import type { Clock } from '../../clock.ts';
import type { MapRunRecorder } from '../map-runs.ts';
import type { StoredExecution } from '../model.ts';
import type { EngineStore } from '../store/store-types.ts';
import type { ChildExecution, Integrations } from '../tasks/integration-types.ts';

/** What a Run needs from the engine that owns it. */
export interface RunHost {
  readonly clock: Clock;
  readonly store: EngineStore;
  readonly integrations: Integrations;
  /** Map Runs and their child executions (distributed Map). */
  readonly mapRuns: MapRunRecorder;
  /** False once the engine is closing: late results are then dropped, not recorded. */
  isOpen(): boolean;
  /** A commit failed: the engine stops (see `Engine.storeFailed`). Never throws. */
  storeFailed(error: unknown): void;
  executionFinished(execution: StoredExecution): void;
  awaitExecution(executionArn: string): Promise<ChildExecution>;
}
