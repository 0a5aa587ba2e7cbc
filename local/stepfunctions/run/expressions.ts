import type { CompiledAssign, CompiledState } from '../definition.ts';
import { StatesError } from '../errors.ts';
import { QueryError, type Bindings, type Template } from '../jsonata-eval.ts';
import type { Frame } from '../model.ts';
import type { HistoryRecorder } from './history-recorder.ts';

/**
 * JSONata evaluation inside a state: a failing field records EvaluationFailed and fails the
 * state with `States.QueryEvaluationError` and AWS's cause.
 */
export class Expressions {
  constructor(private readonly recorder: HistoryRecorder) {}

  async evaluate(frame: Frame, state: CompiledState, template: Template, bindings: Bindings): Promise<unknown> {
    try {
      return await template(bindings);
    } catch (error) {
      if (error instanceof QueryError) throw this.queryFailure(frame, state, error.field, error.detail);
      throw error;
    }
  }

  /** All bindings are evaluated before any is written, against the variables as they were on entry. */
  async evaluateAssign(frame: Frame, state: CompiledState, assign: CompiledAssign[] | undefined, bindings: Bindings): Promise<Record<string, unknown> | undefined> {
    // An empty Assign assigns nothing: AWS then writes no assignedVariables.
    if (!assign || assign.length === 0) return undefined;
    const values = await Promise.all(assign.map((a) => this.evaluate(frame, state, a.value, bindings)));
    const out: Record<string, unknown> = {};
    assign.forEach((a, i) => {
      out[a.name] = values[i];
    });
    return out;
  }

  /**
   * Records an EvaluationFailed event (chained, as on AWS, to the state's StateEntered's
   * predecessor unless `prev` says otherwise) and returns the error the state fails with.
   */
  queryFailure(frame: Frame, state: CompiledState, field: string | undefined, detail: string, options: { prev?: number } = {}): StatesError {
    const cause = `An error occurred while executing the state '${state.name}' (entered at the event id #${frame.enteredEventId}). ${detail}`;
    const d: Record<string, unknown> = { error: 'States.QueryEvaluationError', cause };
    if (field !== undefined) d.location = field;
    d.state = state.name;
    this.recorder.emit(frame, 'EvaluationFailed', d, { prev: options.prev ?? frame.enteredPrev ?? frame.prev });
    return new StatesError('States.QueryEvaluationError', cause);
  }
}
