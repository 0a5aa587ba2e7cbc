import type { Clock } from '../clock.ts';
import type { CompiledAssign, CompiledMachine, CompiledState } from './definition.ts';
import { StatesError } from './errors.ts';
import { QueryError, type Bindings, type Template } from './jsonata-eval.ts';
import type { Frame, Phase, StoredEvent, StoredExecution } from './model.ts';
import type { EngineStore } from './store/store-types.ts';
import type { ChildExecution, Integrations } from './tasks/integration-types.ts';
import { runStateWork } from './state-handlers.ts';
import type { StateRun } from './state-run.ts';
import { matchingCatcher, matchingRetrier, retryDelayMs } from './error-handling.ts';

/** What a Run needs from the engine that owns it. */
export interface RunHost {
  readonly clock: Clock;
  readonly store: EngineStore;
  readonly integrations: Integrations;
  /** False once the engine is closing: late results are then dropped, not recorded. */
  isOpen(): boolean;
  /** A commit failed: the engine stops (see `Engine.storeFailed`). Never throws. */
  storeFailed(error: unknown): void;
  executionFinished(execution: StoredExecution): void;
  awaitExecution(executionArn: string): Promise<ChildExecution>;
}

const ROOT = 'root';

/**
 * One execution in flight: its frames, its history counter and its timers. Every frame is
 * driven by `drive()`, a loop that persists what changed (`store.commit()`), then does the
 * current phase's work; work that waits (a task call, a timer, a callback, child frames) parks
 * the loop, and whatever ends the wait sets the next phase and drives the frame again.
 * A commit that fails is the engine's failure, not the execution's: it goes to
 * `host.storeFailed`, and the frames stay as last committed.
 */
export class Run implements StateRun {
  readonly frames = new Map<string, Frame>();
  lastEventId = 0;
  closed = false;
  private readonly timers = new Map<string, () => void>();
  private executionTimer: (() => void) | undefined;
  private readonly contextExecution: Record<string, unknown>;
  private readonly contextStateMachine: Record<string, unknown>;

  constructor(
    readonly host: RunHost,
    readonly execution: StoredExecution,
    readonly machine: CompiledMachine,
  ) {
    this.contextExecution = {
      Id: execution.arn,
      Input: JSON.parse(execution.input) as unknown,
      Name: execution.name,
      RoleArn: execution.roleArn,
      StartTime: new Date(execution.startDate).toISOString(),
      RedriveCount: 0,
    };
    this.contextStateMachine = { Id: execution.stateMachineArn, Name: execution.stateMachineName };
  }

  // ---- lifecycle -------------------------------------------------------------------------

  start(): void {
    const input = this.contextExecution.Input;
    this.emit(undefined, 'ExecutionStarted', { input, roleArn: this.execution.roleArn }, { ts: this.execution.startDate });
    const root = this.newFrame(ROOT, undefined, -1, '', 0);
    this.host.store.putExecution(this.execution);
    this.armExecutionTimeout();
    this.enterState(root, this.machine.root.startAt, input);
    void this.drive(root);
  }

  /** Picks up every frame of an execution loaded from the store after a restart. */
  resume(frames: Frame[], lastEventId: number): void {
    this.lastEventId = lastEventId;
    for (const frame of frames) this.frames.set(frame.id, frame);
    this.armExecutionTimeout();
    for (const frame of frames) void this.drive(frame);
  }

  /** Stops timers without finishing the execution (the engine is shutting down). */
  suspend(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.executionTimer?.();
  }

  stop(error: string | undefined, cause: string | undefined): void {
    this.finish('ABORTED', { error, cause });
  }

  private armExecutionTimeout(): void {
    const seconds = this.machine.timeoutSeconds;
    if (seconds === undefined) return;
    this.executionTimer = this.host.clock.at(this.execution.startDate + seconds * 1000, () => {
      if (!this.closed && this.host.isOpen()) this.finish('TIMED_OUT', { error: 'States.Timeout' });
    });
  }

  // ---- history and persistence -----------------------------------------------------------

  emit(frame: Frame | undefined, type: string, d?: Record<string, unknown>, options: { prev?: number; chain?: boolean; ts?: number } = {}): number {
    const id = ++this.lastEventId;
    const event: StoredEvent = { id, prev: options.prev ?? frame?.prev ?? 0, ts: options.ts ?? this.host.clock.now(), type };
    if (d) event.d = d;
    if (frame && options.chain !== false) frame.prev = id;
    this.host.store.appendEvent(this.execution.arn, event);
    return id;
  }

  save(frame: Frame): void {
    this.host.store.putFrame(this.execution.arn, frame);
  }

  /**
   * Commits without waiting, for writes that nothing runs after. A failed commit goes to the
   * engine, which stops; it must not become an unhandled rejection that kills the process.
   */
  persist(): void {
    this.host.store.commit().catch((error: unknown) => this.host.storeFailed(error));
  }

  /** Commits and waits; false when the commit failed (the engine has then stopped). */
  private async committed(): Promise<boolean> {
    try {
      await this.host.store.commit();
      return true;
    } catch (error) {
      this.host.storeFailed(error);
      return false;
    }
  }

  isAlive(frame: Frame): boolean {
    return !this.closed && this.frames.get(frame.id) === frame && this.host.isOpen();
  }

  private newFrame(id: string, parent: Frame | undefined, index: number, scope: string, prev: number): Frame {
    const frame: Frame = {
      id,
      index,
      scope,
      state: '',
      input: null,
      enteredAt: 0,
      enteredEventId: 0,
      prev,
      vars: {},
      retryCounts: [],
      retryCount: 0,
      phase: { kind: 'run' },
    };
    if (parent) frame.parentId = parent.id;
    this.frames.set(id, frame);
    return frame;
  }

  private drop(frame: Frame): void {
    this.cancelTimer(frame);
    this.frames.delete(frame.id);
    this.host.store.deleteFrame(this.execution.arn, frame.id);
  }

  // ---- the drive loop --------------------------------------------------------------------

  async drive(frame: Frame): Promise<void> {
    try {
      while (this.isAlive(frame)) {
        // A store failure is the engine's, not this execution's: the frame stays as last committed.
        if (!(await this.committed())) return;
        if (!this.isAlive(frame)) return;
        if (!(await this.step(frame))) return;
      }
    } catch (error) {
      this.crash(error);
    }
  }

  /** Does the work of the frame's current phase; true when the loop should go on. */
  private async step(frame: Frame): Promise<boolean> {
    const state = this.stateOf(frame);
    const phase = frame.phase;
    try {
      switch (phase.kind) {
        case 'run':
          return await runStateWork(this, frame, state);
        case 'result':
          return await this.finishState(frame, state, phase.value);
        case 'error':
          return await this.handleError(frame, state, new StatesError(phase.error, phase.cause, phase.aliases ?? []));
        case 'retry':
          this.armTimer(frame, phase.until, () => this.setPhase(frame, { kind: 'run' }));
          return false;
        case 'wait':
          this.armTimer(frame, phase.until, () => this.setPhase(frame, { kind: 'result', value: frame.input }));
          return false;
        case 'task':
          this.resumeTask(frame, state);
          return false;
        case 'map':
        case 'parallel':
          this.resumeContainer(frame, state);
          return false;
      }
    } catch (error) {
      if (error instanceof StatesError) return this.handleError(frame, state, error);
      throw error;
    }
  }

  /** Moves a parked frame on: records the new phase and drives it again. */
  setPhase(frame: Frame, phase: Phase): void {
    if (!this.isAlive(frame)) return;
    this.cancelTimer(frame);
    frame.phase = phase;
    this.save(frame);
    void this.drive(frame);
  }

  private crash(error: unknown): void {
    if (!this.host.isOpen() || this.closed) return;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.finish('FAILED', { error: 'States.Runtime', cause: `Internal error in the local Step Functions engine: ${message}` });
  }

  stateOf(frame: Frame): CompiledState {
    const state = this.machine.scopes.get(frame.scope)?.states.get(frame.state);
    if (!state) throw new Error(`State '${frame.state}' not found in scope '${frame.scope}'`);
    return state;
  }

  // ---- transitions -----------------------------------------------------------------------

  enterState(frame: Frame, name: string, input: unknown): void {
    const state = this.machine.scopes.get(frame.scope)?.states.get(name);
    if (!state) throw new Error(`State '${name}' not found in scope '${frame.scope}'`);
    frame.state = name;
    frame.input = input;
    frame.phase = { kind: 'run' };
    frame.retryCounts = [];
    frame.retryCount = 0;
    frame.enteredAt = this.host.clock.now();
    frame.enteredEventId = this.emit(frame, `${state.type}StateEntered`, { name, input }, { ts: frame.enteredAt });
    this.save(frame);
  }

  /** Records the state's exit and moves to `next` (or ends the frame). True: keep driving. */
  exitState(frame: Frame, state: CompiledState, output: unknown, assigned: Record<string, unknown> | undefined, next: string | undefined): boolean {
    const d: Record<string, unknown> = { name: state.name, output };
    if (assigned) d.assignedVariables = assigned;
    this.emit(frame, `${state.type}StateExited`, d);
    if (assigned) frame.vars = { ...frame.vars, ...assigned };
    if (next === undefined) return this.finishFrame(frame, output);
    this.enterState(frame, next, output);
    return true;
  }

  /** Assign and Output after the work: both see the variables as they were on entry. */
  private async finishState(frame: Frame, state: CompiledState, value: unknown): Promise<boolean> {
    const hasResult = state.type === 'Task' || state.type === 'Map' || state.type === 'Parallel';
    const bindings = this.bindings(frame, hasResult ? { input: frame.input, result: value } : { input: frame.input });
    const [output, assigned] = await Promise.all([
      state.output ? this.evaluate(frame, state, state.output, bindings) : hasResult ? value : frame.input,
      this.evaluateAssign(frame, state, state.assign, bindings),
    ]);
    return this.exitState(frame, state, output, assigned, state.next);
  }

  private finishFrame(frame: Frame, output: unknown): boolean {
    if (frame.parentId === undefined) {
      this.finish('SUCCEEDED', { output });
      return false;
    }
    const parent = this.frames.get(frame.parentId);
    this.drop(frame);
    if (parent) this.childSucceeded(parent, frame, output);
    return false;
  }

  failFrame(frame: Frame, error: StatesError): boolean {
    if (frame.parentId === undefined) {
      this.finish('FAILED', { error: error.error, cause: error.cause });
      return false;
    }
    const parent = this.frames.get(frame.parentId);
    this.drop(frame);
    if (parent) this.childFailed(parent, frame, error);
    return false;
  }

  // ---- errors ----------------------------------------------------------------------------

  async handleError(frame: Frame, state: CompiledState, error: StatesError): Promise<boolean> {
    const retry = matchingRetrier(state, error);
    if (retry) {
      const attempts = frame.retryCounts[retry.index] ?? 0;
      if (attempts < (retry.retrier.MaxAttempts ?? 3)) {
        frame.retryCounts[retry.index] = attempts + 1;
        frame.retryCount += 1;
        frame.phase = { kind: 'retry', until: this.host.clock.now() + retryDelayMs(retry.retrier, attempts) };
        this.save(frame);
        return true;
      }
    }
    const catcher = matchingCatcher(state, error);
    if (!catcher) return this.failFrame(frame, error);
    const errorOutput: Record<string, unknown> = { Error: error.error };
    if (error.cause !== undefined) errorOutput.Cause = error.cause;
    try {
      const bindings = this.bindings(frame, { input: frame.input, errorOutput });
      const [output, assigned] = await Promise.all([
        catcher.output ? this.evaluate(frame, state, catcher.output, bindings) : errorOutput,
        this.evaluateAssign(frame, state, catcher.assign, bindings),
      ]);
      return this.exitState(frame, state, output, assigned, catcher.next);
    } catch (failure) {
      if (failure instanceof StatesError) return this.failFrame(frame, failure);
      throw failure;
    }
  }

  // ---- JSONata ---------------------------------------------------------------------------

  bindings(frame: Frame, states: Record<string, unknown>, extra: { token?: string; mapItem?: { Index: number; Value: unknown } } = {}): Bindings {
    const { contextExecution, contextStateMachine } = this;
    const statesValue: Record<string, unknown> = { ...states };
    // Built on first read: most expressions never look at the context object.
    Object.defineProperty(statesValue, 'context', {
      enumerable: true,
      get() {
        const context: Record<string, unknown> = {
          Execution: contextExecution,
          State: { EnteredTime: new Date(frame.enteredAt).toISOString(), Name: frame.state, RetryCount: frame.retryCount },
          StateMachine: contextStateMachine,
        };
        if (extra.token !== undefined) context.Task = { Token: extra.token };
        if (extra.mapItem) context.Map = { Item: extra.mapItem };
        return context;
      },
    });
    return { ...this.scopeVariables(frame), states: statesValue };
  }

  /** A branch reads the variables of every enclosing scope; its own shadow outer ones. */
  private scopeVariables(frame: Frame): Record<string, unknown> {
    if (frame.parentId === undefined) return frame.vars;
    const parent = this.frames.get(frame.parentId);
    return parent ? { ...this.scopeVariables(parent), ...frame.vars } : frame.vars;
  }

  async evaluate(frame: Frame, state: CompiledState, template: Template, bindings: Bindings): Promise<unknown> {
    try {
      return await template(bindings);
    } catch (error) {
      if (error instanceof QueryError) throw this.queryFailure(frame, state, error.field, error.detail);
      throw error;
    }
  }

  async evaluateAssign(frame: Frame, state: CompiledState, assign: CompiledAssign[] | undefined, bindings: Bindings): Promise<Record<string, unknown> | undefined> {
    if (!assign) return undefined;
    const values = await Promise.all(assign.map((a) => this.evaluate(frame, state, a.value, bindings)));
    const out: Record<string, unknown> = {};
    assign.forEach((a, i) => {
      out[a.name] = values[i];
    });
    return out;
  }

  /** Records an EvaluationFailed event and returns the error the state fails with. */
  queryFailure(frame: Frame, state: CompiledState, field: string, detail: string): StatesError {
    const cause = `An error occurred while executing the state '${state.name}' (entered at the event id #${frame.enteredEventId}). ${detail}`;
    this.emit(frame, 'EvaluationFailed', { error: 'States.QueryEvaluationError', cause, location: field, state: state.name });
    return new StatesError('States.QueryEvaluationError', cause);
  }

  // ---- timers ----------------------------------------------------------------------------

  armTimer(frame: Frame, at: number, fire: () => void): void {
    this.cancelTimer(frame);
    const phase = frame.phase;
    const cancel = this.host.clock.at(at, () => {
      this.timers.delete(frame.id);
      if (this.isAlive(frame) && frame.phase === phase) fire();
    });
    this.timers.set(frame.id, cancel);
  }

  cancelTimer(frame: Frame): void {
    const cancel = this.timers.get(frame.id);
    if (cancel) {
      cancel();
      this.timers.delete(frame.id);
    }
  }

  // ---- tasks -----------------------------------------------------------------------------

  /** Starts (or, after a restart, restarts) the call of a task attempt, and its timers. */
  startTaskCall(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'task') return;
    this.armTaskTimers(frame, state);
    if (phase.child) {
      this.awaitChild(frame, state, phase.attempt, phase.child);
      return;
    }
    if (phase.submitted) return;
    const resource = state.resource;
    if (!resource) throw new Error(`Task state '${state.name}' has no resource`);
    const attempt = phase.attempt;
    this.host.integrations
      .call({ resource, args: phase.args, token: phase.token, executionArn: this.execution.arn })
      .then(
        (outcome) => {
          if (!this.isCurrentAttempt(frame, attempt)) return;
          if (!outcome.ok) return this.failTask(frame, state, new StatesError(outcome.error, outcome.cause), false);
          if (resource.kind === 'lambda-function' || resource.pattern === 'request') return this.succeedTask(frame, state, outcome.value);
          this.emit(frame, 'TaskSubmitted', { resourceType: resource.resourceType, resource: resource.resource, output: outcome.value });
          phase.submitted = true;
          if (resource.pattern === 'sync' || resource.pattern === 'sync2') {
            phase.child = String((outcome.value as { ExecutionArn?: unknown }).ExecutionArn);
            this.awaitChild(frame, state, attempt, phase.child);
          }
          this.save(frame);
          this.persist();
        },
        (error: unknown) => this.crash(error),
      );
  }

  private resumeTask(frame: Frame, state: CompiledState): void {
    this.startTaskCall(frame, state);
  }

  isCurrentAttempt(frame: Frame, attempt: number): boolean {
    return this.isAlive(frame) && frame.phase.kind === 'task' && frame.phase.attempt === attempt;
  }

  private armTaskTimers(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'task') return;
    const deadlines = [phase.timeoutAt, phase.heartbeatAt].filter((d): d is number => d !== undefined);
    if (deadlines.length === 0) return;
    this.armTimer(frame, Math.min(...deadlines), () => {
      const heartbeat = phase.heartbeatAt !== undefined && this.host.clock.now() >= phase.heartbeatAt;
      this.failTask(frame, state, new StatesError('States.Timeout', undefined, heartbeat ? ['States.HeartbeatTimeout'] : []), true);
    });
  }

  succeedTask(frame: Frame, state: CompiledState, value: unknown): void {
    const resource = state.resource;
    if (resource?.kind === 'lambda-function') this.emit(frame, 'LambdaFunctionSucceeded', { output: value });
    else if (resource) this.emit(frame, 'TaskSucceeded', { resourceType: resource.resourceType, resource: resource.resource, output: value });
    this.setPhase(frame, { kind: 'result', value });
  }

  failTask(frame: Frame, state: CompiledState, error: StatesError, timedOut: boolean): void {
    const resource = state.resource;
    const details: Record<string, unknown> = {};
    if (error.error !== '') details.error = error.error;
    if (error.cause !== undefined) details.cause = error.cause;
    if (resource?.kind === 'lambda-function') {
      this.emit(frame, timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed', details);
    } else if (resource) {
      this.emit(frame, timedOut ? 'TaskTimedOut' : 'TaskFailed', { resourceType: resource.resourceType, resource: resource.resource, ...details });
    }
    const phase: Phase = { kind: 'error', error: error.error };
    if (error.cause !== undefined) phase.cause = error.cause;
    if (error.aliases.length > 0) phase.aliases = [...error.aliases];
    this.setPhase(frame, phase);
  }

  heartbeat(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'task' || phase.heartbeatSeconds === undefined) return;
    phase.heartbeatAt = this.host.clock.now() + phase.heartbeatSeconds * 1000;
    this.save(frame);
    this.armTaskTimers(frame, state);
  }

  private awaitChild(frame: Frame, state: CompiledState, attempt: number, childArn: string): void {
    const sync2 = state.resource?.kind === 'states' && state.resource.pattern === 'sync2';
    this.host.awaitExecution(childArn).then(
      (child) => {
        if (!this.isCurrentAttempt(frame, attempt)) return;
        const description = describeChild(child, sync2);
        if (child.status === 'SUCCEEDED') this.succeedTask(frame, state, description);
        else this.failTask(frame, state, new StatesError('States.TaskFailed', JSON.stringify(description)), false);
      },
      (error: unknown) => {
        if (this.isCurrentAttempt(frame, attempt)) {
          this.failTask(frame, state, new StatesError('States.TaskFailed', error instanceof Error ? error.message : String(error)), false);
        }
      },
    );
  }

  // ---- Map and Parallel ------------------------------------------------------------------

  launchIteration(parent: Frame, state: CompiledState, index: number): void {
    const phase = parent.phase;
    if (phase.kind !== 'map') return;
    const id = this.emit(parent, 'MapIterationStarted', { name: state.name, index }, { prev: phase.startedEventId, chain: false });
    const scope = state.scopes[0] as string;
    const child = this.newFrame(String(id), parent, index, scope, id);
    phase.started += 1;
    this.enterState(child, this.scopeStart(scope), phase.items[index]);
    void this.drive(child);
  }

  launchBranches(parent: Frame, state: CompiledState, input: unknown): void {
    const phase = parent.phase;
    if (phase.kind !== 'parallel') return;
    state.scopes.forEach((scope, i) => {
      const child = this.newFrame(`${phase.startedEventId}.${i}`, parent, i, scope, phase.startedEventId);
      this.enterState(child, this.scopeStart(scope), input);
      void this.drive(child);
    });
  }

  private scopeStart(scope: string): string {
    const compiled = this.machine.scopes.get(scope);
    if (!compiled) throw new Error(`Unknown scope '${scope}'`);
    return compiled.startAt;
  }

  private resumeContainer(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'map') return;
    let running = 0;
    for (const f of this.frames.values()) if (f.parentId === frame.id) running += 1;
    while (phase.started < phase.items.length && running < phase.maxConcurrency) {
      this.launchIteration(frame, state, phase.started);
      running += 1;
    }
    this.save(frame);
  }

  private childSucceeded(parent: Frame, child: Frame, output: unknown): void {
    const phase = parent.phase;
    const state = this.stateOf(parent);
    if (phase.kind === 'map') {
      this.emit(parent, 'MapIterationSucceeded', { name: state.name, index: child.index }, { prev: child.prev });
      phase.results[child.index] = output;
      phase.finished += 1;
      if (phase.started < phase.items.length) this.launchIteration(parent, state, phase.started);
      if (phase.finished === phase.items.length) {
        this.emit(parent, 'MapStateSucceeded');
        this.setPhase(parent, { kind: 'result', value: phase.results });
        return;
      }
    } else if (phase.kind === 'parallel') {
      parent.prev = child.prev;
      phase.results[child.index] = output;
      phase.finished += 1;
      if (phase.finished === phase.results.length) {
        this.emit(parent, 'ParallelStateSucceeded');
        this.setPhase(parent, { kind: 'result', value: phase.results });
        return;
      }
    }
    this.save(parent);
    this.persist();
  }

  private childFailed(parent: Frame, child: Frame, error: StatesError): void {
    const phase = parent.phase;
    const state = this.stateOf(parent);
    if (phase.kind === 'map') this.emit(parent, 'MapIterationFailed', { name: state.name, index: child.index }, { prev: child.prev });
    else parent.prev = child.prev;
    this.abortChildren(parent);
    this.emit(parent, phase.kind === 'map' ? 'MapStateFailed' : 'ParallelStateFailed');
    const next: Phase = { kind: 'error', error: error.error };
    if (error.cause !== undefined) next.cause = error.cause;
    this.setPhase(parent, next);
  }

  /** Ends every running child of a frame, recording the aborted states as AWS does. */
  private abortChildren(parent: Frame): void {
    const parentState = this.stateOf(parent);
    for (const child of [...this.frames.values()]) {
      if (child.parentId !== parent.id || !this.frames.has(child.id)) continue;
      this.abortFrame(child);
      if (parent.phase.kind === 'map') {
        this.emit(parent, 'MapIterationAborted', { name: parentState.name, index: child.index }, { prev: child.prev, chain: false });
      }
    }
  }

  private abortFrame(frame: Frame): void {
    this.abortChildren(frame);
    const state = this.stateOf(frame);
    this.emit(frame, `${state.type}StateAborted`);
    this.drop(frame);
  }

  // ---- the end ---------------------------------------------------------------------------

  private finish(status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT', result: { output?: unknown; error?: string; cause?: string }): void {
    if (this.closed) return;
    const root = this.frames.get(ROOT);
    if (status === 'ABORTED' && root) this.abortFrame(root);
    this.closed = true;
    this.executionTimer?.();
    for (const frame of [...this.frames.values()]) this.drop(frame);
    const execution = this.execution;
    execution.status = status;
    execution.stopDate = this.host.clock.now();
    const prev = root?.prev ?? this.lastEventId;
    const details: Record<string, unknown> = {};
    if (result.error !== undefined && result.error !== '') details.error = result.error;
    if (result.cause !== undefined) details.cause = result.cause;
    if (status === 'SUCCEEDED') {
      execution.output = JSON.stringify(result.output ?? null);
      this.emit(undefined, 'ExecutionSucceeded', { output: result.output ?? null }, { prev, ts: execution.stopDate });
    } else {
      if (details.error !== undefined) execution.error = details.error as string;
      if (details.cause !== undefined) execution.cause = details.cause as string;
      const type = status === 'FAILED' ? 'ExecutionFailed' : status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionTimedOut';
      this.emit(undefined, type, details, { prev: status === 'FAILED' ? prev : this.lastEventId, ts: execution.stopDate });
    }
    this.host.store.putExecution(execution);
    this.persist();
    this.host.executionFinished(execution);
  }
}

function describeChild(child: ChildExecution, parseData: boolean): Record<string, unknown> {
  const data = (text: string | undefined) => (text === undefined ? undefined : parseData ? (JSON.parse(text) as unknown) : text);
  const out: Record<string, unknown> = {
    ExecutionArn: child.executionArn,
    Input: data(child.input),
    InputDetails: { Included: true },
    Name: child.name,
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    StartDate: child.startDate,
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    StopDate: child.stopDate,
  };
  if (child.output !== undefined) {
    out.Output = data(child.output);
    out.OutputDetails = { Included: true };
  }
  if (child.error !== undefined) out.Error = child.error;
  if (child.cause !== undefined) out.Cause = child.cause;
  return out;
}
