import type { CompiledAssign, CompiledMachine, CompiledState } from './definition.ts';
import { DISTRIBUTED_MAP_CEILING } from './distributed-map.ts';
import { StatesError } from './errors.ts';
import type { Bindings, Template } from './jsonata-eval.ts';
import type { Frame, Phase, StoredExecution } from './model.ts';
import { catchStateError, finishStateWork, runStateWork } from './state-handlers.ts';
import type { ContextExtra, StateRun } from './state-run.ts';
import { matchingCatcher, matchingRetrier, retryDelayMs } from './error-handling.ts';
import { ChildRuns, type ChildRunParent } from './run/child-runs.ts';
import { Expressions } from './run/expressions.ts';
import { FrameTimers } from './run/frame-timers.ts';
import { HistoryRecorder, type EmitOptions } from './run/history-recorder.ts';
import type { RunHost } from './run/run-host.ts';
import { TaskCalls, type TaskCallRun } from './run/task-calls.ts';
import { VariableScopes } from './run/variable-scopes.ts';

export type { RunHost } from './run/run-host.ts';

const ROOT = 'root';

/**
 * One execution in flight: its frames and the drive loop that moves them. Every frame is
 * driven by `drive()`, a loop that persists what changed (`store.commit()`), then does the
 * current phase's work; work that waits (a task call, a timer, a callback, child frames) parks
 * the loop, and whatever ends the wait sets the next phase and drives the frame again.
 *
 * The parts it is made of, each in its own file under run/: the history recorder (events and
 * the staging of writes), frame timers, variable scopes (context object and variables),
 * expressions (JSONata evaluation and its failures), task calls, and child runs (Map
 * iterations and Parallel branches). This file keeps the loop, the transitions between states,
 * error handling (Retry/Catch) and the end of the execution.
 */
export class Run implements StateRun, TaskCallRun, ChildRunParent {
  readonly frames = new Map<string, Frame>();
  closed = false;
  readonly timers: FrameTimers;
  private readonly recorder: HistoryRecorder;
  private readonly scopes: VariableScopes;
  private readonly expressions: Expressions;
  private readonly tasks: TaskCalls;
  private readonly children: ChildRuns;
  private executionTimer: (() => void) | undefined;

  constructor(
    readonly host: RunHost,
    readonly execution: StoredExecution,
    readonly machine: CompiledMachine,
  ) {
    this.recorder = new HistoryRecorder(host, execution.arn);
    this.timers = new FrameTimers(host.clock, (frame) => this.isAlive(frame));
    this.scopes = new VariableScopes(execution, this.frames, machine);
    this.expressions = new Expressions(this.recorder);
    this.tasks = new TaskCalls(this);
    this.children = new ChildRuns(this);
  }

  get lastEventId(): number {
    return this.recorder.lastEventId;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  start(): void {
    const input = this.scopes.executionInput;
    this.emit(undefined, 'ExecutionStarted', { input, roleArn: this.execution.roleArn }, { ts: this.execution.startDate });
    const root = this.newFrame(ROOT, undefined, -1, '', 0);
    this.host.store.putExecution(this.execution);
    this.armExecutionTimeout();
    this.enterState(root, this.machine.root.startAt, input);
    void this.drive(root);
  }

  /** Picks up every frame of an execution loaded from the store after a restart. */
  resume(frames: Frame[], lastEventId: number): void {
    this.recorder.lastEventId = lastEventId;
    for (const frame of frames) this.frames.set(frame.id, frame);
    this.armExecutionTimeout();
    for (const frame of frames) void this.drive(frame);
  }

  /** Stops timers without finishing the execution (the engine is shutting down). */
  suspend(): void {
    this.timers.cancelAll();
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

  // ---- history, persistence, frames (run/history-recorder.ts) ----------------------------

  emit(frame: Frame | undefined, type: string, d?: Record<string, unknown>, options: EmitOptions = {}): number {
    return this.recorder.emit(frame, type, d, options);
  }

  save(frame: Frame): void {
    this.recorder.saveFrame(frame);
  }

  persist(): void {
    this.recorder.persist();
  }

  isAlive(frame: Frame): boolean {
    return !this.closed && this.frames.get(frame.id) === frame && this.host.isOpen();
  }

  newFrame(id: string, parent: Frame | undefined, index: number, scope: string, prev: number): Frame {
    const frame: Frame = {
      id,
      index,
      scope,
      state: '',
      input: null,
      enteredAt: 0,
      enteredEventId: 0,
      enteredPrev: 0,
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

  drop(frame: Frame): void {
    this.timers.cancel(frame);
    this.frames.delete(frame.id);
    this.recorder.deleteFrame(frame);
  }

  // ---- the drive loop --------------------------------------------------------------------

  async drive(frame: Frame): Promise<void> {
    try {
      while (this.isAlive(frame)) {
        // A store failure is the engine's, not this execution's: the frame stays as last committed.
        if (!(await this.recorder.committed())) return;
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
          return await finishStateWork(this, frame, state, phase.value);
        case 'error': {
          const error = new StatesError(phase.error, phase.cause, phase.aliases ?? []);
          // AWS records MapStateFailed/ParallelStateFailed only once no retrier takes the error.
          if (phase.container && this.retryDelay(frame, state, error) === undefined) this.emit(frame, `${state.type}StateFailed`);
          return await this.handleError(frame, state, error);
        }
        case 'retry':
          this.timers.arm(frame, phase.until, () => this.setPhase(frame, { kind: 'run' }));
          return false;
        case 'wait':
          this.timers.arm(frame, phase.until, () => this.setPhase(frame, { kind: 'result', value: frame.input }));
          return false;
        case 'task':
          this.tasks.start(frame, state);
          return false;
        case 'map':
        case 'parallel':
          this.children.resume(frame, state);
          return false;
      }
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      // A Map that fails before its iterations start (Items, ItemSelector) records
      // MapStateFailed, as on AWS, once no retrier takes the error; a States.Runtime failure
      // (a bad path) ends the execution at once and records nothing more.
      if (phase.kind === 'run' && state.type === 'Map' && error.error !== 'States.Runtime' && this.retryDelay(frame, state, error) === undefined) {
        this.emit(frame, 'MapStateFailed');
      }
      return this.handleError(frame, state, error);
    }
  }

  /** Moves a parked frame on: records the new phase and drives it again. */
  setPhase(frame: Frame, phase: Phase): void {
    if (!this.isAlive(frame)) return;
    this.timers.cancel(frame);
    frame.phase = phase;
    this.save(frame);
    void this.drive(frame);
  }

  crash(error: unknown): void {
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
    frame.enteredPrev = frame.prev;
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

  private finishFrame(frame: Frame, output: unknown): boolean {
    if (frame.parentId === undefined) {
      this.finish('SUCCEEDED', { output });
      return false;
    }
    const parent = this.frames.get(frame.parentId);
    this.drop(frame);
    if (parent) this.children.succeeded(parent, frame, output);
    return false;
  }

  failFrame(frame: Frame, error: StatesError): boolean {
    if (frame.parentId === undefined) {
      this.finish('FAILED', { error: error.error, cause: error.cause });
      return false;
    }
    const parent = this.frames.get(frame.parentId);
    this.drop(frame);
    if (parent) this.children.failed(parent, frame, error);
    return false;
  }

  // ---- errors ----------------------------------------------------------------------------

  /** The backoff of the retry that takes this error, or undefined when none does (any more). */
  private retryDelay(frame: Frame, state: CompiledState, error: StatesError): { index: number; ms: number } | undefined {
    const retry = matchingRetrier(state, error);
    if (!retry) return undefined;
    const attempts = frame.retryCounts[retry.index] ?? 0;
    if (attempts >= (retry.retrier.MaxAttempts ?? 3)) return undefined;
    return { index: retry.index, ms: retryDelayMs(retry.retrier, attempts) };
  }

  async handleError(frame: Frame, state: CompiledState, error: StatesError): Promise<boolean> {
    const retry = this.retryDelay(frame, state, error);
    if (retry) {
      frame.retryCounts[retry.index] = (frame.retryCounts[retry.index] ?? 0) + 1;
      frame.retryCount += 1;
      frame.phase = { kind: 'retry', until: this.host.clock.now() + retry.ms };
      this.save(frame);
      return true;
    }
    const catcher = matchingCatcher(state, error);
    if (!catcher) return this.failFrame(frame, error);
    try {
      return await catchStateError(this, frame, state, catcher, error);
    } catch (failure) {
      if (failure instanceof StatesError) return this.failFrame(frame, failure);
      throw failure;
    }
  }

  // ---- variables and expressions (run/variable-scopes.ts, run/expressions.ts) -----------

  context(frame: Frame, extra?: ContextExtra): Record<string, unknown> {
    return this.scopes.context(frame, extra);
  }

  bindings(frame: Frame, states: Record<string, unknown>, extra?: ContextExtra): Bindings {
    return this.scopes.bindings(frame, states, extra);
  }

  variables(frame: Frame): Record<string, unknown> {
    return this.scopes.variables(frame);
  }

  evaluate(frame: Frame, state: CompiledState, template: Template, bindings: Bindings): Promise<unknown> {
    return this.expressions.evaluate(frame, state, template, bindings);
  }

  evaluateAssign(frame: Frame, state: CompiledState, assign: CompiledAssign[] | undefined, bindings: Bindings): Promise<Record<string, unknown> | undefined> {
    return this.expressions.evaluateAssign(frame, state, assign, bindings);
  }

  queryFailure(frame: Frame, state: CompiledState, field: string | undefined, detail: string, options?: { prev?: number }): StatesError {
    return this.expressions.queryFailure(frame, state, field, detail, options);
  }

  // ---- tasks (run/task-calls.ts): callbacks from the engine ------------------------------

  succeedTask(frame: Frame, state: CompiledState, value: unknown): void {
    this.tasks.succeed(frame, state, value);
  }

  failTask(frame: Frame, state: CompiledState, error: StatesError, timedOut: boolean): void {
    this.tasks.fail(frame, state, error, timedOut);
  }

  heartbeat(frame: Frame, state: CompiledState): void {
    this.tasks.heartbeat(frame, state);
  }

  // ---- Map and Parallel (run/child-runs.ts) ----------------------------------------------

  launchBranches(parent: Frame, state: CompiledState, input: unknown): void {
    this.children.launchBranches(parent, state, input);
  }

  /** UpdateMapRun: a running Map Run's new concurrency and tolerated failures apply at once. */
  updateMapRun(arn: string, changes: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number }): void {
    if (this.closed) return;
    for (const frame of this.frames.values()) {
      const phase = frame.phase;
      if (phase.kind !== 'map' || phase.run?.arn !== arn) continue;
      if (changes.maxConcurrency !== undefined) phase.maxConcurrency = changes.maxConcurrency || DISTRIBUTED_MAP_CEILING;
      if (changes.toleratedFailureCount !== undefined) phase.run.toleratedFailureCount = changes.toleratedFailureCount;
      if (changes.toleratedFailurePercentage !== undefined) phase.run.toleratedFailurePercentage = changes.toleratedFailurePercentage;
      this.children.resume(frame, this.stateOf(frame));
      return;
    }
  }

  // ---- the end ---------------------------------------------------------------------------

  private finish(status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT', result: { output?: unknown; error?: string; cause?: string }): void {
    if (this.closed) return;
    const root = this.frames.get(ROOT);
    if (status === 'ABORTED' && root) this.children.abort(root);
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
