import type { CompiledState } from '../definition.ts';
import { StatesError } from '../errors.ts';
import type { Frame, Phase, StoredExecution } from '../model.ts';
import type { ChildExecution } from '../tasks/integration-types.ts';
import type { FrameTimers } from './frame-timers.ts';
import type { EmitOptions } from './history-recorder.ts';
import type { RunHost } from './run-host.ts';

/** What task calls need from the run they belong to. */
export interface TaskCallRun {
  readonly host: RunHost;
  readonly execution: StoredExecution;
  readonly timers: FrameTimers;
  isAlive(frame: Frame): boolean;
  emit(frame: Frame | undefined, type: string, d?: Record<string, unknown>, options?: EmitOptions): number;
  save(frame: Frame): void;
  persist(): void;
  setPhase(frame: Frame, phase: Phase): void;
  crash(error: unknown): void;
}

/**
 * The calls of Task states: one attempt at a time per frame (its id is the TaskScheduled
 * event's), with its timeout and heartbeat timers; callbacks (`.waitForTaskToken`) and child
 * executions (`.sync`) finish it later. A result that arrives for an attempt no longer current
 * (timed out, retried, aborted) is dropped.
 */
export class TaskCalls {
  constructor(private readonly run: TaskCallRun) {}

  /** Starts (or, after a restart, restarts) the call of a task attempt, and its timers. */
  start(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'task') return;
    this.armTimers(frame, state);
    if (phase.child) {
      this.awaitChild(frame, state, phase.attempt, phase.child);
      return;
    }
    if (phase.submitted) return;
    const resource = state.resource;
    if (!resource) throw new Error(`Task state '${state.name}' has no resource`);
    const attempt = phase.attempt;
    const run = this.run;
    run.host.integrations
      .call({ resource, args: phase.args, token: phase.token, executionArn: run.execution.arn })
      .then(
        (outcome) => {
          if (!this.isCurrentAttempt(frame, attempt)) return;
          if (!outcome.ok) return this.fail(frame, state, new StatesError(outcome.error, outcome.cause), false);
          if (resource.kind === 'lambda-function' || resource.pattern === 'request') return this.succeed(frame, state, outcome.value);
          run.emit(frame, 'TaskSubmitted', { resourceType: resource.resourceType, resource: resource.resource, output: outcome.value });
          phase.submitted = true;
          if (resource.pattern === 'sync' || resource.pattern === 'sync2') {
            phase.child = String((outcome.value as { ExecutionArn?: unknown }).ExecutionArn);
            this.awaitChild(frame, state, attempt, phase.child);
          }
          run.save(frame);
          run.persist();
        },
        (error: unknown) => run.crash(error),
      );
  }

  isCurrentAttempt(frame: Frame, attempt: number): boolean {
    return this.run.isAlive(frame) && frame.phase.kind === 'task' && frame.phase.attempt === attempt;
  }

  private armTimers(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'task') return;
    const deadlines = [phase.timeoutAt, phase.heartbeatAt].filter((d): d is number => d !== undefined);
    if (deadlines.length === 0) return;
    this.run.timers.arm(frame, Math.min(...deadlines), () => {
      const heartbeat = phase.heartbeatAt !== undefined && this.run.host.clock.now() >= phase.heartbeatAt;
      this.fail(frame, state, new StatesError('States.Timeout', undefined, heartbeat ? ['States.HeartbeatTimeout'] : []), true);
    });
  }

  succeed(frame: Frame, state: CompiledState, value: unknown): void {
    const resource = state.resource;
    if (resource?.kind === 'lambda-function') this.run.emit(frame, 'LambdaFunctionSucceeded', { output: value });
    else if (resource) this.run.emit(frame, 'TaskSucceeded', { resourceType: resource.resourceType, resource: resource.resource, output: value });
    this.run.setPhase(frame, { kind: 'result', value });
  }

  fail(frame: Frame, state: CompiledState, error: StatesError, timedOut: boolean): void {
    const resource = state.resource;
    const details: Record<string, unknown> = {};
    if (error.error !== '') details.error = error.error;
    if (error.cause !== undefined) details.cause = error.cause;
    if (resource?.kind === 'lambda-function') {
      this.run.emit(frame, timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed', details);
    } else if (resource) {
      this.run.emit(frame, timedOut ? 'TaskTimedOut' : 'TaskFailed', { resourceType: resource.resourceType, resource: resource.resource, ...details });
    }
    const phase: Phase = { kind: 'error', error: error.error };
    if (error.cause !== undefined) phase.cause = error.cause;
    if (error.aliases.length > 0) phase.aliases = [...error.aliases];
    this.run.setPhase(frame, phase);
  }

  heartbeat(frame: Frame, state: CompiledState): void {
    const phase = frame.phase;
    if (phase.kind !== 'task' || phase.heartbeatSeconds === undefined) return;
    phase.heartbeatAt = this.run.host.clock.now() + phase.heartbeatSeconds * 1000;
    this.run.save(frame);
    this.armTimers(frame, state);
  }

  private awaitChild(frame: Frame, state: CompiledState, attempt: number, childArn: string): void {
    const sync2 = state.resource?.kind === 'states' && state.resource.pattern === 'sync2';
    this.run.host.awaitExecution(childArn).then(
      (child) => {
        if (!this.isCurrentAttempt(frame, attempt)) return;
        const description = describeChild(child, sync2);
        if (child.status === 'SUCCEEDED') this.succeed(frame, state, description);
        else this.fail(frame, state, new StatesError('States.TaskFailed', JSON.stringify(description)), false);
      },
      (error: unknown) => {
        if (this.isCurrentAttempt(frame, attempt)) {
          this.fail(frame, state, new StatesError('States.TaskFailed', error instanceof Error ? error.message : String(error)), false);
        }
      },
    );
  }
}

/** A `states:startExecution.sync` result: DescribeExecution's shape (`.sync:2` parses Input/Output). */
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
