import type { Clock } from '../clock.ts';
import type { CompiledAssign, CompiledState } from './definition.ts';
import type { StatesError } from './errors.ts';
import type { Bindings, Template } from './jsonata-eval.ts';
import type { Frame, StoredExecution } from './model.ts';

/**
 * What a state handler (state-handlers.ts) may do to the execution it runs in. `Run`
 * (execution-run.ts) implements it and calls the handlers, so the handlers depend on this
 * interface and not on `Run`.
 */
export interface StateRun {
  readonly execution: StoredExecution;
  readonly host: { readonly clock: Clock };

  /** Appends a history event (chained to the frame's last one) and returns its id. */
  emit(frame: Frame | undefined, type: string, d?: Record<string, unknown>, options?: { prev?: number; chain?: boolean; ts?: number }): number;
  /** Stages the frame for the next commit. */
  save(frame: Frame): void;

  /** The `$states` and variables an expression of the frame's current state sees. */
  bindings(frame: Frame, states: Record<string, unknown>, extra?: { token?: string; mapItem?: { Index: number; Value: unknown } }): Bindings;
  evaluate(frame: Frame, state: CompiledState, template: Template, bindings: Bindings): Promise<unknown>;
  evaluateAssign(frame: Frame, state: CompiledState, assign: CompiledAssign[] | undefined, bindings: Bindings): Promise<Record<string, unknown> | undefined>;
  /** The `States.QueryEvaluationError` of a field that evaluated to something it may not be. */
  queryFailure(frame: Frame, state: CompiledState, field: string, detail: string): StatesError;

  /** Leaves the state with its output and assignments, for `next` or (undefined) the end of the frame. */
  exitState(frame: Frame, state: CompiledState, output: unknown, assigned: Record<string, unknown> | undefined, next: string | undefined): boolean;
  failFrame(frame: Frame, error: StatesError): boolean;
  /** Starts one child frame per branch of a Parallel state whose phase is `parallel`. */
  launchBranches(parent: Frame, state: CompiledState, input: unknown): void;
}
