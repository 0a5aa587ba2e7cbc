import type { Clock } from '../clock.ts';
import type { CompiledAssign, CompiledState } from './definition.ts';
import type { StatesError } from './errors.ts';
import type { Bindings, Template } from './jsonata-eval.ts';
import type { MapRunRecorder } from './map-runs.ts';
import type { Frame, StoredExecution } from './model.ts';

/** What the context object adds for some states: a callback task's token, a Map item. */
export interface ContextExtra {
  token?: string;
  mapItem?: { Index: number; Value: unknown };
}

/**
 * What a state handler (state-handlers.ts) may do to the execution it runs in. `Run`
 * (execution-run.ts) implements it and calls the handlers, so the handlers depend on this
 * interface and not on `Run`.
 */
export interface StateRun {
  readonly execution: StoredExecution;
  readonly host: { readonly clock: Clock; readonly mapRuns: MapRunRecorder };

  /** Appends a history event (chained to the frame's last one) and returns its id. */
  emit(frame: Frame | undefined, type: string, d?: Record<string, unknown>, options?: { prev?: number; chain?: boolean; ts?: number }): number;
  /** Stages the frame for the next commit. */
  save(frame: Frame): void;

  /** The context object (`$$` / `$states.context`) of the frame's current state. */
  context(frame: Frame, extra?: ContextExtra): Record<string, unknown>;
  /** The workflow variables the frame sees (its own over every enclosing scope's). */
  variables(frame: Frame): Record<string, unknown>;
  /** The `$states` and variables an expression of the frame's current state sees. */
  bindings(frame: Frame, states: Record<string, unknown>, extra?: ContextExtra): Bindings;
  evaluate(frame: Frame, state: CompiledState, template: Template, bindings: Bindings): Promise<unknown>;
  evaluateAssign(frame: Frame, state: CompiledState, assign: CompiledAssign[] | undefined, bindings: Bindings): Promise<Record<string, unknown> | undefined>;
  /**
   * Records EvaluationFailed and returns the `States.QueryEvaluationError` of a field that
   * evaluated to something it may not be. `field` becomes the event's `location` when given.
   */
  queryFailure(frame: Frame, state: CompiledState, field: string | undefined, detail: string, options?: { prev?: number }): StatesError;

  /** Leaves the state with its output and assignments, for `next` or (undefined) the end of the frame. */
  exitState(frame: Frame, state: CompiledState, output: unknown, assigned: Record<string, unknown> | undefined, next: string | undefined): boolean;
  failFrame(frame: Frame, error: StatesError): boolean;
  /** Starts one child frame per branch of a Parallel state whose phase is `parallel`. */
  launchBranches(parent: Frame, state: CompiledState, input: unknown): void;
}
