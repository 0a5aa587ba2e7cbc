import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { ExecutionStatus, MapRunCounts, MapRunStatus, StoredExecution, StoredMapRun } from './model.ts';
import type { EngineStore } from './store/store-types.ts';

/**
 * The Map Runs of distributed Map states, as the Map Run API (ListMapRuns, DescribeMapRun,
 * UpdateMapRun) and ListExecutions by `mapRunArn` show them. Each iteration (or batch) of a
 * distributed Map is a child execution of its Map Run: it runs as a frame of the parent's run
 * (run/child-runs.ts), but has an execution record and a history of its own, as on AWS:
 * `arn:…:execution:<machine>/<label>:<uuid>`, of the state machine `arn:…:stateMachine:<machine>/<label>`.
 * Map Runs and child executions are written to the engine's store with the parent's transitions,
 * so they survive a restart like executions do.
 */
export interface MapRunRecorder {
  started(input: MapRunStart): void;
  /** Creates the child execution of one iteration; its ARN (undefined where nothing is kept: EXPRESS). */
  childStarted(mapRunArn: string, parent: StoredExecution, input: unknown, itemCount: number): string | undefined;
  /** An event of a child execution's own history. */
  childEvent(childArn: string, type: string, d?: Record<string, unknown>): void;
  childEnded(childArn: string, status: ExecutionStatus, result?: { output?: unknown; error?: string; cause?: string }): void;
  ended(mapRunArn: string, status: MapRunStatus): void;
}

export interface MapRunStart {
  arn: string;
  executionArn: string;
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  /** Items read, and child executions they make (fewer with an ItemBatcher). */
  items: number;
  executions: number;
}

/** For EXPRESS executions, of which nothing is kept. */
export const NO_MAP_RUNS: MapRunRecorder = {
  started: () => undefined,
  childStarted: () => undefined,
  childEvent: () => undefined,
  childEnded: () => undefined,
  ended: () => undefined,
};

const counts = (total: number): MapRunCounts => ({ pending: total, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total, resultsWritten: 0 });

const ENDED_AS: Record<Exclude<ExecutionStatus, 'RUNNING'>, { event: string; count: keyof MapRunCounts }> = {
  SUCCEEDED: { event: 'ExecutionSucceeded', count: 'succeeded' },
  FAILED: { event: 'ExecutionFailed', count: 'failed' },
  TIMED_OUT: { event: 'ExecutionTimedOut', count: 'timedOut' },
  ABORTED: { event: 'ExecutionAborted', count: 'aborted' },
};

export class MapRuns implements MapRunRecorder {
  readonly byArn = new Map<string, StoredMapRun>();
  private readonly byExecution = new Map<string, StoredMapRun[]>();
  private readonly children = new Map<string, StoredExecution[]>();
  /** Last history event id of each RUNNING child execution. */
  private readonly lastEventIds = new Map<string, number>();

  constructor(
    private readonly store: EngineStore,
    private readonly clock: Clock,
    /** The engine's executions by ARN: a child is an execution for DescribeExecution & co. */
    private readonly executions: Map<string, StoredExecution>,
  ) {}

  load(mapRuns: StoredMapRun[], children: StoredExecution[], lastEventIds: Map<string, number>): void {
    for (const run of [...mapRuns].sort((a, b) => a.startDate - b.startDate)) this.index(run);
    for (const child of children) {
      this.indexChild(child);
      if (child.status === 'RUNNING') this.lastEventIds.set(child.arn, lastEventIds.get(child.arn) ?? 0);
    }
  }

  private index(run: StoredMapRun): void {
    this.byArn.set(run.arn, run);
    let list = this.byExecution.get(run.executionArn);
    if (!list) this.byExecution.set(run.executionArn, (list = []));
    list.push(run);
  }

  private indexChild(child: StoredExecution): void {
    this.executions.set(child.arn, child);
    if (!child.mapRunArn) return;
    let list = this.children.get(child.mapRunArn);
    if (!list) this.children.set(child.mapRunArn, (list = []));
    list.push(child);
  }

  /** The Map Runs an execution started, in start order. */
  ofExecution(executionArn: string): StoredMapRun[] {
    return this.byExecution.get(executionArn) ?? [];
  }

  /** A Map Run's child executions, in start order. */
  childrenOf(mapRunArn: string): StoredExecution[] {
    return this.children.get(mapRunArn) ?? [];
  }

  started(input: MapRunStart): void {
    // arn:aws:states:region:account:mapRun:machine/label:id -> ...:stateMachine:machine/label
    const parts = input.arn.split(':');
    const run: StoredMapRun = {
      arn: input.arn,
      executionArn: input.executionArn,
      stateMachineArn: `${parts.slice(0, 5).join(':')}:stateMachine:${parts[6] ?? ''}`,
      status: 'RUNNING',
      startDate: this.clock.now(),
      maxConcurrency: input.maxConcurrency,
      toleratedFailureCount: input.toleratedFailureCount ?? 0,
      toleratedFailurePercentage: input.toleratedFailurePercentage ?? 0,
      itemCounts: counts(input.items),
      executionCounts: counts(input.executions),
    };
    this.index(run);
    this.store.putMapRun(run);
  }

  childStarted(mapRunArn: string, parent: StoredExecution, input: unknown, itemCount: number): string | undefined {
    const run = this.byArn.get(mapRunArn);
    if (!run) return undefined;
    const parts = mapRunArn.split(':');
    const machine = parts[6] ?? '';
    const name = randomUUID();
    const child: StoredExecution = {
      arn: `${parts.slice(0, 5).join(':')}:execution:${machine}:${name}`,
      name,
      stateMachineArn: run.stateMachineArn,
      stateMachineName: machine,
      definitionHash: parent.definitionHash,
      roleArn: parent.roleArn,
      input: JSON.stringify(input ?? null),
      status: 'RUNNING',
      startDate: this.clock.now(),
      mapRunArn,
      itemCount,
    };
    this.indexChild(child);
    this.store.putExecution(child);
    this.lastEventIds.set(child.arn, 0);
    this.childEvent(child.arn, 'ExecutionStarted', { input: input ?? null, roleArn: child.roleArn });
    move(run.executionCounts, 'pending', 'running', 1);
    move(run.itemCounts, 'pending', 'running', itemCount);
    this.store.putMapRun(run);
    return child.arn;
  }

  childEvent(childArn: string, type: string, d?: Record<string, unknown>): void {
    const last = this.lastEventIds.get(childArn);
    if (last === undefined) return;
    const id = last + 1;
    this.lastEventIds.set(childArn, id);
    this.store.appendEvent(childArn, { id, prev: last, ts: this.clock.now(), type, ...(d && { d }) });
  }

  childEnded(childArn: string, status: ExecutionStatus, result: { output?: unknown; error?: string; cause?: string } = {}): void {
    const child = this.executions.get(childArn);
    if (!child || child.status !== 'RUNNING' || status === 'RUNNING') return;
    const as = ENDED_AS[status];
    child.status = status;
    child.stopDate = this.clock.now();
    const details: Record<string, unknown> = {};
    if (status === 'SUCCEEDED') {
      child.output = JSON.stringify(result.output ?? null);
      details.output = result.output ?? null;
    } else {
      if (result.error !== undefined && result.error !== '') details.error = child.error = result.error;
      if (result.cause !== undefined) details.cause = child.cause = result.cause;
    }
    this.childEvent(childArn, as.event, details);
    this.lastEventIds.delete(childArn);
    this.store.putExecution(child);
    const run = child.mapRunArn === undefined ? undefined : this.byArn.get(child.mapRunArn);
    if (!run) return;
    move(run.executionCounts, 'running', as.count, 1);
    move(run.itemCounts, 'running', as.count, child.itemCount ?? 1);
    if (status === 'SUCCEEDED') {
      run.executionCounts.resultsWritten += 1;
      run.itemCounts.resultsWritten += child.itemCount ?? 1;
    }
    this.store.putMapRun(run);
  }

  ended(mapRunArn: string, status: MapRunStatus): void {
    const run = this.byArn.get(mapRunArn);
    if (!run || run.status !== 'RUNNING') return;
    run.status = status;
    run.stopDate = this.clock.now();
    this.store.putMapRun(run);
  }

  /** The parent execution ended: what still runs of its Map Runs is aborted. True when something changed. */
  executionEnded(executionArn: string): boolean {
    let changed = false;
    for (const run of this.ofExecution(executionArn)) {
      if (run.status !== 'RUNNING') continue;
      for (const child of this.childrenOf(run.arn)) if (child.status === 'RUNNING') this.childEnded(child.arn, 'ABORTED');
      this.ended(run.arn, 'ABORTED');
      changed = true;
    }
    return changed;
  }

  update(run: StoredMapRun, changes: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number }): void {
    if (changes.maxConcurrency !== undefined) run.maxConcurrency = changes.maxConcurrency;
    if (changes.toleratedFailureCount !== undefined) run.toleratedFailureCount = changes.toleratedFailureCount;
    if (changes.toleratedFailurePercentage !== undefined) run.toleratedFailurePercentage = changes.toleratedFailurePercentage;
    this.store.putMapRun(run);
  }
}

function move(c: MapRunCounts, from: keyof MapRunCounts, to: keyof MapRunCounts, n: number): void {
  c[from] = Math.max(0, c[from] - n);
  c[to] += n;
}
