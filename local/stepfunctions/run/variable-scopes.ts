import type { CompiledMachine } from '../definition.ts';
import type { Bindings } from '../jsonata-eval.ts';
import type { Frame, StoredExecution } from '../model.ts';
import type { ContextExtra } from '../state-run.ts';

const isExpressExecution = (arn: string) => /^arn:aws[a-z-]*:states:[^:]*:\d{12}:express:/.test(arn);

/**
 * What an expression or path of a state sees: the context object (`$states.context` / `$$`)
 * and the workflow variables. A Map iteration or Parallel branch is a frame of its own whose
 * variables shadow those of every enclosing frame; what it assigns stays in its scope.
 */
export class VariableScopes {
  private readonly contextExecution: Record<string, unknown>;
  private readonly contextStateMachine: Record<string, unknown>;

  constructor(
    execution: StoredExecution,
    private readonly frames: ReadonlyMap<string, Frame>,
    private readonly machine: CompiledMachine,
  ) {
    this.contextExecution = {
      Id: execution.arn,
      Input: JSON.parse(execution.input) as unknown,
      Name: execution.name,
      RoleArn: execution.roleArn,
      StartTime: new Date(execution.startDate).toISOString(),
      // Only a STANDARD execution can be redriven; an EXPRESS one's context has no RedriveCount.
      ...(!isExpressExecution(execution.arn) && { RedriveCount: 0 }),
    };
    this.contextStateMachine = { Id: execution.stateMachineArn, Name: execution.stateMachineName };
  }

  /** The execution input, as the context object holds it. */
  get executionInput(): unknown {
    return this.contextExecution.Input;
  }

  context(frame: Frame, extra: ContextExtra = {}): Record<string, unknown> {
    const state: Record<string, unknown> = { EnteredTime: new Date(frame.enteredAt).toISOString(), Name: frame.state };
    // AWS counts retries only for the states that can retry.
    const type = this.machine.scopes.get(frame.scope)?.states.get(frame.state)?.type;
    if (type === 'Task' || type === 'Map' || type === 'Parallel') state.RetryCount = frame.retryCount;
    const context: Record<string, unknown> = { Execution: this.contextExecution, State: state, StateMachine: this.contextStateMachine };
    if (extra.token !== undefined) context.Task = { Token: extra.token };
    if (extra.mapItem) context.Map = { Item: extra.mapItem };
    return context;
  }

  /** `$states` (with the context object built on first read: most expressions never look) and the variables. */
  bindings(frame: Frame, states: Record<string, unknown>, extra: ContextExtra = {}): Bindings {
    const statesValue: Record<string, unknown> = { ...states };
    const build = () => this.context(frame, extra);
    Object.defineProperty(statesValue, 'context', { enumerable: true, get: build });
    return { ...this.variables(frame), states: statesValue };
  }

  /** A branch reads the variables of every enclosing scope; its own shadow outer ones. */
  variables(frame: Frame): Record<string, unknown> {
    if (frame.parentId === undefined) return frame.vars;
    const parent = this.frames.get(frame.parentId);
    return parent ? { ...this.variables(parent), ...frame.vars } : frame.vars;
  }
}
