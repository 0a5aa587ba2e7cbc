import type { CompiledMachine, CompiledState } from '../definition.ts';
import { exceededThreshold, exceedsTolerance } from '../distributed-map.ts';
import type { StatesError } from '../errors.ts';
import type { Frame, Phase, StoredExecution } from '../model.ts';
import type { EmitOptions } from './history-recorder.ts';
import type { RunHost } from './run-host.ts';

/** What child runs need from the run they belong to. */
export interface ChildRunParent {
  readonly frames: Map<string, Frame>;
  readonly machine: CompiledMachine;
  readonly host: RunHost;
  readonly execution: StoredExecution;
  emit(frame: Frame | undefined, type: string, d?: Record<string, unknown>, options?: EmitOptions): number;
  save(frame: Frame): void;
  persist(): void;
  setPhase(frame: Frame, phase: Phase): void;
  newFrame(id: string, parent: Frame | undefined, index: number, scope: string, prev: number): Frame;
  drop(frame: Frame): void;
  enterState(frame: Frame, name: string, input: unknown): void;
  drive(frame: Frame): Promise<void>;
  stateOf(frame: Frame): CompiledState;
}

/**
 * Map iterations and Parallel branches: each is a child frame driven like the root one. The
 * parent frame waits in its `map`/`parallel` phase; a Map starts at most `maxConcurrency`
 * iterations and launches the next as one finishes. A failed child aborts its siblings
 * (`*StateAborted`, `MapIterationAborted`) and fails the parent state.
 */
export class ChildRuns {
  constructor(private readonly run: ChildRunParent) {}

  launchIteration(parent: Frame, state: CompiledState, index: number): void {
    const phase = parent.phase;
    if (phase.kind !== 'map') return;
    const run = this.run;
    if (phase.run) {
      // A child workflow of a distributed Map: its events are its own, not the parent's.
      const child = run.newFrame(`${parent.id}/${phase.startedEventId}:${index}`, parent, index, state.scopes[0] as string, 0);
      child.quiet = true;
      // Each child workflow is a child execution of the Map Run, with its own record and history.
      const item = phase.items[index];
      const itemCount = phase.run.batched ? ((item as { Items?: unknown[] }).Items?.length ?? 0) : 1;
      const execution = run.host.mapRuns.childStarted(phase.run.arn, run.execution, item, itemCount);
      if (execution !== undefined) child.execution = execution;
      phase.started += 1;
      run.enterState(child, this.scopeStart(child.scope), phase.items[index]);
      void run.drive(child);
      return;
    }
    const id = run.emit(parent, 'MapIterationStarted', { name: state.name, index }, { prev: phase.startedEventId, chain: false });
    const scope = state.scopes[0] as string;
    const child = run.newFrame(String(id), parent, index, scope, id);
    phase.started += 1;
    run.enterState(child, this.scopeStart(scope), phase.items[index]);
    void run.drive(child);
  }

  launchBranches(parent: Frame, state: CompiledState, input: unknown): void {
    const phase = parent.phase;
    if (phase.kind !== 'parallel') return;
    const run = this.run;
    state.scopes.forEach((scope, i) => {
      const child = run.newFrame(`${phase.startedEventId}.${i}`, parent, i, scope, phase.startedEventId);
      run.enterState(child, this.scopeStart(scope), input);
      void run.drive(child);
    });
  }

  private scopeStart(scope: string): string {
    const compiled = this.run.machine.scopes.get(scope);
    if (!compiled) throw new Error(`Unknown scope '${scope}'`);
    return compiled.startAt;
  }

  /** After a restart (or a commit): tops a Map up to its concurrency limit. */
  resume(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'map') return;
    let running = 0;
    for (const f of this.run.frames.values()) if (f.parentId === frame.id) running += 1;
    while (phase.started < phase.items.length && running < phase.maxConcurrency) {
      this.launchIteration(frame, state, phase.started);
      running += 1;
    }
    this.run.save(frame);
  }

  succeeded(parent: Frame, child: Frame, output: unknown): void {
    const run = this.run;
    const phase = parent.phase;
    const state = run.stateOf(parent);
    if (phase.kind === 'map') {
      if (!phase.run) run.emit(parent, 'MapIterationSucceeded', { name: state.name, index: child.index }, { prev: child.prev });
      else if (child.execution) run.host.mapRuns.childEnded(child.execution, 'SUCCEEDED', { output });
      phase.results[child.index] = output;
      if (this.iterationDone(parent, state)) return;
    } else if (phase.kind === 'parallel') {
      parent.prev = child.prev;
      phase.results[child.index] = output;
      phase.finished += 1;
      if (phase.finished === phase.results.length) {
        // AWS chains ParallelStateExited to the event before ParallelStateSucceeded.
        run.emit(parent, 'ParallelStateSucceeded', undefined, { chain: false });
        run.setPhase(parent, { kind: 'result', value: phase.results });
        return;
      }
    }
    run.save(parent);
    run.persist();
  }

  /** One more iteration finished: launches the next, or ends the Map when it was the last. True when it ended. */
  private iterationDone(parent: Frame, state: CompiledState): boolean {
    const phase = parent.phase;
    if (phase.kind !== 'map') return false;
    const run = this.run;
    phase.finished += 1;
    if (phase.started < phase.items.length) this.launchIteration(parent, state, phase.started);
    if (phase.finished < phase.items.length) return false;
    if (phase.run) {
      run.host.mapRuns.ended(phase.run.arn, 'SUCCEEDED');
      run.emit(parent, 'MapRunSucceeded');
    }
    // AWS chains MapStateExited to the event before MapStateSucceeded.
    run.emit(parent, 'MapStateSucceeded', undefined, { chain: false });
    run.setPhase(parent, { kind: 'result', value: phase.results });
    return true;
  }

  failed(parent: Frame, child: Frame, error: StatesError): void {
    const run = this.run;
    const phase = parent.phase;
    const state = run.stateOf(parent);
    if (phase.kind === 'map' && phase.run) return this.mapRunChildFailed(parent, state, child, error);
    if (phase.kind === 'map') run.emit(parent, 'MapIterationFailed', { name: state.name, index: child.index }, { prev: child.prev });
    else {
      // AWS ends a branch whose Task failed with TaskStateAborted (LocalStack snapshot test_parallel_catch_error).
      if (run.machine.scopes.get(child.scope)?.states.get(child.state)?.type === 'Task') run.emit(child, 'TaskStateAborted');
      parent.prev = child.prev;
    }
    this.abortChildren(parent);
    const next: Phase = { kind: 'error', error: error.error, container: true };
    if (error.cause !== undefined) next.cause = error.cause;
    run.setPhase(parent, next);
  }

  /**
   * A distributed Map's child failed: within the tolerated threshold its error output takes its
   * place in the results and the run goes on; beyond it the Map Run and the state fail.
   */
  private mapRunChildFailed(parent: Frame, state: CompiledState, child: Frame, error: StatesError): void {
    const phase = parent.phase;
    if (phase.kind !== 'map' || !phase.run) return;
    const run = this.run;
    phase.run.failures += 1;
    if (child.execution) run.host.mapRuns.childEnded(child.execution, 'FAILED', { error: error.error, ...(error.cause === undefined ? {} : { cause: error.cause }) });
    const errorOutput: Record<string, unknown> = { Error: error.error };
    if (error.cause !== undefined) errorOutput.Cause = error.cause;
    phase.results[child.index] = errorOutput;
    if (!exceedsTolerance(phase.run, phase.items.length)) {
      if (!this.iterationDone(parent, state)) {
        run.save(parent);
        run.persist();
      }
      return;
    }
    const exceeded = exceededThreshold();
    run.host.mapRuns.ended(phase.run.arn, 'FAILED');
    this.abortChildren(parent);
    run.emit(parent, 'MapRunFailed', { error: exceeded.error, cause: exceeded.cause });
    run.setPhase(parent, { kind: 'error', error: exceeded.error, ...(exceeded.cause === undefined ? {} : { cause: exceeded.cause }), container: true });
  }

  /** Ends every running child of a frame, recording the aborted states as AWS does. */
  private abortChildren(parent: Frame): void {
    const run = this.run;
    const parentState = run.stateOf(parent);
    for (const child of [...run.frames.values()]) {
      if (child.parentId !== parent.id || !run.frames.has(child.id)) continue;
      this.abort(child);
      if (parent.phase.kind === 'map' && !parent.phase.run) {
        run.emit(parent, 'MapIterationAborted', { name: parentState.name, index: child.index }, { prev: child.prev, chain: false });
      } else if (child.execution) run.host.mapRuns.childEnded(child.execution, 'ABORTED');
    }
    if (parent.phase.kind === 'map' && parent.phase.run) run.host.mapRuns.ended(parent.phase.run.arn, 'ABORTED');
  }

  /** Aborts a frame and, first, everything running under it. */
  abort(frame: Frame): void {
    this.abortChildren(frame);
    const state = this.run.stateOf(frame);
    this.run.emit(frame, `${state.type}StateAborted`);
    this.run.drop(frame);
  }
}
