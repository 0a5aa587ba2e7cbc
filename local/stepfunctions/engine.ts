import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { executionArn as buildExecutionArn, expressExecutionArn, stateMachineArn as buildStateMachineArn } from '../arns.ts';
import { Activities, type Activity } from './activities.ts';
import { compileMachine, definitionHash } from './definition.ts';
import { ApiError, executionDoesNotExist, invalidToken, stateMachineDoesNotExist, taskDoesNotExist, taskTimedOut, StatesError } from './errors.ts';
import { Run, type RunHost } from './execution-run.ts';
import { formatEvent, type HistoryEvent } from './history.ts';
import { MapRuns, NO_MAP_RUNS } from './map-runs.ts';
import type { ExecutionStatus, StoredExecution, StoredMapRun, StoredStateMachine } from './model.ts';
import { DiscardingStore } from './store/discarding-store.ts';
import type { EngineStore } from './store/store-types.ts';
import type { ChildExecution, Integrations } from './tasks/integration-types.ts';
import { readToken } from './tokens.ts';
import { checkTags, type TagList } from './tags.ts';
import { validateDefinition } from './validate.ts';

/**
 * The engine behind the API: state machines, executions and their runs. Every method that
 * changes state returns only after the change is committed to the store.
 */
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
// Control characters (U+0000-001F, U+007F-009F) are not allowed either.
const isControl = (code: number) => code <= 0x1f || (code >= 0x7f && code <= 0x9f);
export const isValidName = (name: string) =>
  name.length >= 1 && name.length <= 80 && !NAME_FORBIDDEN.test(name) && ![...name].some((c) => isControl(c.charCodeAt(0)));

const CHILD_POLL_MS = 500;

export const stateMachineTypeNotSupported = () => new ApiError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
const stateMachineDeleting = (arn: string) => new ApiError('StateMachineDeleting', `State Machine is being deleted: '${arn}'`);
const resourceNotFound = (arn: string) => new ApiError('ResourceNotFound', `Resource not found: '${arn}'`);

export class Engine {
  readonly stateMachines = new Map<string, StoredStateMachine>();
  private readonly definitions = new Map<string, string>();
  readonly executions = new Map<string, StoredExecution>();
  private readonly executionsByMachine = new Map<string, StoredExecution[]>();
  private readonly runs = new Map<string, Run>();
  private readonly waiting = new Map<string, Array<(execution: StoredExecution) => void>>();
  private pendingResume: Array<() => void> = [];
  private open = true;
  private readonly host: RunHost;
  /** EXPRESS executions run on a host that keeps nothing (no history, no resume), as AWS keeps none. */
  private readonly expressHost: RunHost;
  private readonly expressWaiting = new Map<string, (execution: StoredExecution) => void>();
  /** When each definition became a machine's current one (DescribeStateMachineForExecution's updateDate). */
  private readonly definitionDates = new Map<string, number>();
  readonly activities: Activities;
  /** Map Runs of distributed Maps and their child executions (map-runs.ts). */
  readonly mapRuns: MapRuns;
  private readonly log: (line: string) => void;
  private failure: Error | undefined;

  constructor(
    readonly store: EngineStore,
    readonly clock: Clock,
    private readonly integrations: Integrations,
    options: { log?: (line: string) => void; activitiesFile?: string } = {},
  ) {
    this.log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.activities = new Activities(clock, options.activitiesFile, (token) => this.isTokenLive(token));
    this.mapRuns = new MapRuns(store, clock, this.executions);
    this.host = {
      clock,
      store,
      integrations,
      mapRuns: this.mapRuns,
      isOpen: () => this.open,
      storeFailed: (error) => this.storeFailed(error),
      executionFinished: (execution) => this.executionFinished(execution),
      awaitExecution: (arn) => this.awaitExecution(arn),
    };
    this.expressHost = {
      ...this.host,
      store: new DiscardingStore(),
      mapRuns: NO_MAP_RUNS,
      storeFailed: (error) => this.log(`local Step Functions: an EXPRESS execution failed: ${String(error)}`),
      executionFinished: (execution) => {
        this.expressWaiting.get(execution.arn)?.(execution);
        this.expressWaiting.delete(execution.arn);
      },
    };
  }

  /** Loads what the store holds; running executions wait for `resume()`. */
  async load(): Promise<void> {
    const loaded = await this.store.load();
    for (const sm of loaded.stateMachines) {
      this.stateMachines.set(sm.arn, sm);
      this.definitionDates.set(definitionHash(sm.definition), sm.updateDate ?? sm.creationDate);
    }
    for (const [hash, text] of loaded.definitions) this.definitions.set(hash, text);
    const sorted = [...loaded.executions].sort((a, b) => a.startDate - b.startDate);
    // Child executions of Map Runs run as frames of their parent's run: they are only indexed.
    this.mapRuns.load(loaded.mapRuns, sorted.filter((e) => e.mapRunArn !== undefined), loaded.lastEventIds);
    const executions = sorted.filter((e) => e.mapRunArn === undefined);
    for (const execution of executions) {
      this.indexExecution(execution);
      if (execution.status !== 'RUNNING') continue;
      const text = this.definitions.get(execution.definitionHash);
      if (!text) continue;
      const run = new Run(this.host, execution, compileMachine(text));
      this.runs.set(execution.arn, run);
      const frames = loaded.frames.get(execution.arn) ?? [];
      const lastEventId = loaded.lastEventIds.get(execution.arn) ?? 0;
      this.pendingResume.push(() => run.resume(frames, lastEventId));
    }
    // A machine deleted while executions ran goes once none runs any more.
    for (const sm of [...this.stateMachines.values()]) if (sm.status === 'DELETING') this.dropIfIdle(sm.arn);
    await this.store.commit();
  }

  resume(): void {
    const pending = this.pendingResume;
    this.pendingResume = [];
    for (const start of pending) start();
  }

  async close(): Promise<void> {
    this.open = false;
    this.activities.close();
    for (const run of this.runs.values()) run.suspend();
    try {
      await this.store.close();
    } catch (error) {
      // A store that already failed was reported then; closing it fails the same way.
      if (!this.failure) throw error;
    }
  }

  // ---- store failures --------------------------------------------------------------------

  /** Why the engine stopped: set once a commit to the store failed, undefined while healthy. */
  get storeFailure(): Error | undefined {
    return this.failure;
  }

  /**
   * A batch did not reach the store (a full disk, a broken LevelDB). What is in memory is then
   * ahead of what a restart would load, so the engine stops rather than go on: no execution
   * moves further (they are not failed: they stay as last committed and resume after a
   * restart), every API call answers InternalFailure, and the failure is logged once.
   */
  private storeFailed(error: unknown): void {
    if (this.failure) return;
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.open = false;
    for (const run of this.runs.values()) run.suspend();
    this.log(
      `local Step Functions: a commit to the store failed, the engine has stopped: ${this.failure.stack ?? this.failure.message}\n` +
        'Every Step Functions call now fails. Restart the local cloud on the same DATA_DIR: executions continue from their last committed state.',
    );
  }

  /** Throws InternalFailure once the store has failed; the API checks it before every call. */
  assertHealthy(): void {
    if (this.failure) throw this.unavailable(this.failure);
  }

  private unavailable(failure: Error): ApiError {
    return new ApiError('InternalFailure', `The local Step Functions store failed (${failure.message}); restart the local cloud to continue`, 500);
  }

  /** Commits the writes of a call; a failure stops the engine and fails the call. */
  private async commit(): Promise<void> {
    try {
      await this.store.commit();
    } catch (error) {
      this.storeFailed(error);
      throw this.unavailable(this.failure ?? new Error(String(error)));
    }
  }

  private indexExecution(execution: StoredExecution): void {
    this.executions.set(execution.arn, execution);
    let list = this.executionsByMachine.get(execution.stateMachineArn);
    if (!list) this.executionsByMachine.set(execution.stateMachineArn, (list = []));
    list.push(execution);
  }

  // ---- state machines --------------------------------------------------------------------

  getStateMachine(arn: string): StoredStateMachine {
    const sm = this.stateMachines.get(arn);
    if (!sm) throw stateMachineDoesNotExist(arn);
    return sm;
  }

  /** Creates, or updates in place when the definition or role changed (local redeploys). */
  async upsertStateMachine(input: { name: string; definition: string; roleArn: string }): Promise<{ stateMachineArn: string; created: boolean }> {
    const arn = buildStateMachineArn(input.name);
    const existing = this.stateMachines.get(arn);
    if (existing) {
      if (existing.definition !== input.definition || existing.roleArn !== input.roleArn) {
        await this.updateStateMachine(arn, { definition: input.definition, roleArn: input.roleArn });
      }
      return { stateMachineArn: arn, created: false };
    }
    await this.createStateMachine({ ...input, type: 'STANDARD' });
    return { stateMachineArn: arn, created: true };
  }

  async createStateMachine(input: { name: string; definition: string; roleArn: string; type?: string; tags?: TagList }): Promise<StoredStateMachine> {
    if (!isValidName(input.name)) throw new ApiError('InvalidName', `Invalid Name: '${input.name}'`);
    const type = input.type ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS') {
      throw new ApiError('ValidationException', `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [EXPRESS, STANDARD]`);
    }
    const tags = checkTags(input.tags ?? [], {});
    const arn = buildStateMachineArn(input.name);
    const existing = this.stateMachines.get(arn);
    if (existing) {
      // AWS: idempotent for the same definition; a different one is a conflict.
      if (existing.definition === input.definition && existing.type === type && existing.status !== 'DELETING') return existing;
      if (existing.status === 'DELETING') throw stateMachineDeleting(arn);
      throw new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const definition = validateDefinition(input.definition, type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD');
    const hash = definitionHash(input.definition);
    compileMachine(input.definition, definition);
    const now = this.clock.now();
    const sm: StoredStateMachine = {
      arn,
      name: input.name,
      definition: input.definition,
      roleArn: input.roleArn,
      type,
      creationDate: now,
      revisionId: randomUUID(),
      ...(Object.keys(tags).length > 0 && { tags }),
    };
    this.rememberDefinition(hash, input.definition);
    this.definitionDates.set(hash, now);
    this.stateMachines.set(arn, sm);
    this.store.putStateMachine(sm);
    await this.commit();
    return sm;
  }

  async updateStateMachine(arn: string, input: { definition?: string; roleArn?: string }): Promise<StoredStateMachine> {
    const sm = this.getStateMachine(arn);
    if (sm.status === 'DELETING') throw stateMachineDeleting(arn);
    const now = this.clock.now();
    if (input.definition !== undefined) {
      const definition = validateDefinition(input.definition, sm.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD');
      compileMachine(input.definition, definition);
      const hash = definitionHash(input.definition);
      this.rememberDefinition(hash, input.definition);
      if (sm.definition !== input.definition) this.definitionDates.set(hash, now);
      sm.definition = input.definition;
    }
    if (input.roleArn !== undefined) sm.roleArn = input.roleArn;
    sm.updateDate = now;
    sm.revisionId = randomUUID();
    this.store.putStateMachine(sm);
    await this.commit();
    return sm;
  }

  /**
   * AWS: a machine with running executions is DELETING until the last of them ends (they run to
   * their end); it starts no new execution meanwhile. Without running executions it goes at once.
   */
  async deleteStateMachine(arn: string): Promise<void> {
    const sm = this.stateMachines.get(arn);
    if (!sm) return;
    if (!this.dropIfIdle(arn) && sm.status !== 'DELETING') {
      sm.status = 'DELETING';
      this.store.putStateMachine(sm);
    }
    await this.commit();
  }

  private dropIfIdle(arn: string): boolean {
    if ((this.executionsByMachine.get(arn) ?? []).some((e) => e.status === 'RUNNING')) return false;
    this.stateMachines.delete(arn);
    this.store.deleteStateMachine(arn);
    return true;
  }

  /** The definition an execution ran and when it became its machine's definition. */
  definitionOf(execution: StoredExecution): { definition: string; updateDate: number } {
    const definition = this.definitions.get(execution.definitionHash) ?? '';
    return { definition, updateDate: this.definitionDates.get(execution.definitionHash) ?? execution.startDate };
  }

  // ---- activities ------------------------------------------------------------------------

  async createActivity(name: string, tags: TagList): Promise<Activity> {
    return this.activities.create(name, checkTags(tags, {}), this.clock.now());
  }

  // ---- tags ------------------------------------------------------------------------------

  private tagged(arn: string): { tags: Record<string, string>; save(tags: Record<string, string>): void } {
    const sm = this.stateMachines.get(arn);
    if (sm) {
      return {
        tags: sm.tags ?? {},
        save: (tags) => {
          sm.tags = tags;
          this.store.putStateMachine(sm);
        },
      };
    }
    const activity = this.activities.byArn.get(arn);
    if (activity) return { tags: activity.tags ?? {}, save: (tags) => this.activities.setTags(arn, tags) };
    throw resourceNotFound(arn);
  }

  listTags(arn: string): TagList {
    return Object.entries(this.tagged(arn).tags).map(([key, value]) => ({ key, value }));
  }

  async tagResource(arn: string, tags: TagList): Promise<void> {
    const target = this.tagged(arn);
    target.save(checkTags(tags, target.tags));
    await this.commit();
  }

  async untagResource(arn: string, keys: string[]): Promise<void> {
    const target = this.tagged(arn);
    const remaining = { ...target.tags };
    for (const key of keys) delete remaining[key];
    target.save(remaining);
    await this.commit();
  }

  private rememberDefinition(hash: string, text: string): void {
    if (this.definitions.has(hash)) return;
    this.definitions.set(hash, text);
    this.store.putDefinition(hash, text);
  }

  // ---- executions ------------------------------------------------------------------------

  async startExecution(input: { stateMachineArn: string; name?: string; input?: string }): Promise<StoredExecution> {
    const sm = this.getStateMachine(input.stateMachineArn);
    const { name, inputText } = startable(sm, input);
    if (sm.type === 'EXPRESS') return this.startExpress(sm, name, inputText).execution;
    const arn = buildExecutionArn(sm.name, name);
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS: idempotent while the execution runs with the same input.
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution = this.newExecution(sm, arn, name, inputText);
    this.indexExecution(execution);
    const run = new Run(this.host, execution, compileMachine(sm.definition));
    this.runs.set(arn, run);
    run.start();
    await this.commit();
    return execution;
  }

  /** A RUNNING execution of `sm`, starting now. */
  private newExecution(sm: StoredStateMachine, arn: string, name: string, inputText: string): StoredExecution {
    return {
      arn,
      name,
      stateMachineArn: sm.arn,
      stateMachineName: sm.name,
      definitionHash: definitionHash(sm.definition),
      roleArn: sm.roleArn,
      input: inputText,
      status: 'RUNNING',
      startDate: this.clock.now(),
    };
  }

  /**
   * An EXPRESS execution: it runs like any other but on the express host, which records nothing,
   * and it is not indexed (AWS answers InvalidArn to DescribeExecution & co. for it).
   */
  private startExpress(sm: StoredStateMachine, name: string, inputText: string): { execution: StoredExecution; finished: Promise<StoredExecution> } {
    const execution = this.newExecution(sm, expressExecutionArn(sm.name, name, randomUUID()), name, inputText);
    const finished = new Promise<StoredExecution>((resolve) => this.expressWaiting.set(execution.arn, resolve));
    new Run(this.expressHost, execution, compileMachine(sm.definition)).start();
    return { execution, finished };
  }

  /** StartSyncExecution: EXPRESS machines only (AWS), answered when the execution ends. */
  async startSyncExecution(input: { stateMachineArn: string; name?: string; input?: string }): Promise<StoredExecution> {
    const sm = this.getStateMachine(input.stateMachineArn);
    if (sm.type !== 'EXPRESS') throw stateMachineTypeNotSupported();
    const { name, inputText } = startable(sm, input);
    return this.startExpress(sm, name, inputText).finished;
  }

  getExecution(arn: string): StoredExecution {
    const execution = this.executions.get(arn);
    if (!execution) throw executionDoesNotExist(arn);
    return execution;
  }

  /** A state machine's executions, in start order; the API pages them newest first. */
  listExecutions(stateMachineArn: string, status: ExecutionStatus | undefined): StoredExecution[] {
    if (this.getStateMachine(stateMachineArn).type === 'EXPRESS') throw stateMachineTypeNotSupported();
    const all = this.executionsByMachine.get(stateMachineArn) ?? [];
    return status ? all.filter((e) => e.status === status) : all;
  }

  // ---- Map Runs --------------------------------------------------------------------------

  getMapRun(arn: string): StoredMapRun {
    const run = this.mapRuns.byArn.get(arn);
    if (!run) throw resourceNotFound(arn);
    return run;
  }

  /** The Map Runs an execution started, in start order. */
  listMapRuns(executionArn: string): StoredMapRun[] {
    this.getExecution(executionArn);
    return this.mapRuns.ofExecution(executionArn);
  }

  /** ListExecutions by `mapRunArn`: the Map Run's child executions. */
  listChildExecutions(mapRunArn: string, status: ExecutionStatus | undefined): StoredExecution[] {
    this.getMapRun(mapRunArn);
    const all = this.mapRuns.childrenOf(mapRunArn);
    return status ? all.filter((e) => e.status === status) : all;
  }

  /** UpdateMapRun: the new values apply to the running Map Run at once (more children start when maxConcurrency grows). */
  async updateMapRun(arn: string, changes: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number }): Promise<void> {
    const run = this.getMapRun(arn);
    if (run.status !== 'RUNNING') throw new ApiError('ValidationException', `Map Run is not running: '${arn}'`);
    this.mapRuns.update(run, changes);
    this.runs.get(run.executionArn)?.updateMapRun(arn, changes);
    await this.commit();
  }

  async history(arn: string, options: { after?: number; limit: number; reverse: boolean; includeExecutionData: boolean }): Promise<HistoryEvent[]> {
    this.getExecution(arn);
    // Flushes pending history first, so that a failing store is reported as one (readEvents would only throw).
    await this.commit();
    const events = await this.store.readEvents(arn, options);
    return events.map((event) => formatEvent(event, options.includeExecutionData));
  }

  async stopExecution(arn: string, error: string | undefined, cause: string | undefined): Promise<StoredExecution> {
    const execution = this.getExecution(arn);
    const run = this.runs.get(arn);
    if (execution.status === 'RUNNING' && run) {
      run.stop(error, cause);
      await this.commit();
    }
    return execution;
  }

  private executionFinished(execution: StoredExecution): void {
    this.runs.delete(execution.arn);
    // What still runs of its Map Runs (a failed or timed-out parent drops its frames) is aborted.
    if (this.mapRuns.executionEnded(execution.arn)) this.commit().catch(() => undefined);
    if (this.stateMachines.get(execution.stateMachineArn)?.status === 'DELETING' && this.dropIfIdle(execution.stateMachineArn)) {
      this.commit().catch(() => undefined);
    }
    const listeners = this.waiting.get(execution.arn);
    if (!listeners) return;
    this.waiting.delete(execution.arn);
    for (const listener of listeners) listener(execution);
  }

  /** Resolves when an execution ends (`.sync` parents wait on their child this way). */
  awaitExecution(arn: string): Promise<ChildExecution> {
    const local = this.executions.get(arn);
    if (!local) return this.pollRemote(arn);
    return new Promise((resolve) => {
      const done = (execution: StoredExecution) => resolve(toChild(execution));
      if (local.status !== 'RUNNING') return done(local);
      let list = this.waiting.get(arn);
      if (!list) this.waiting.set(arn, (list = []));
      list.push(done);
    });
  }

  private async pollRemote(arn: string): Promise<ChildExecution> {
    for (;;) {
      const child = await this.integrations.describeExecution(arn);
      if (child.status !== 'RUNNING' || !this.open) return child;
      await new Promise((resolve) => setTimeout(resolve, CHILD_POLL_MS));
    }
  }

  // ---- callbacks -------------------------------------------------------------------------

  private isTokenLive(token: string): boolean {
    try {
      this.callbackTarget(token);
      return true;
    } catch {
      return false;
    }
  }

  private callbackTarget(token: string) {
    const ref = readToken(token);
    if (!ref) throw invalidToken();
    if (!this.executions.has(ref.executionArn)) throw taskDoesNotExist();
    const run = this.runs.get(ref.executionArn);
    const frame = run?.frames.get(ref.frameId);
    if (!run || !frame || run.closed || frame.phase.kind !== 'task' || frame.phase.token !== token) throw taskTimedOut();
    return { run, frame, state: run.stateOf(frame) };
  }

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    const { run, frame, state } = this.callbackTarget(token);
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch (error) {
      throw new ApiError('InvalidOutput', `Invalid Output: '${error instanceof Error ? error.message : String(error)}'`);
    }
    run.succeedTask(frame, state, value);
    await this.commit();
  }

  async sendTaskFailure(token: string, error: string | undefined, cause: string | undefined): Promise<void> {
    const { run, frame, state } = this.callbackTarget(token);
    run.failTask(frame, state, new StatesError(error ?? '', cause), false);
    await this.commit();
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    const { run, frame, state } = this.callbackTarget(token);
    run.heartbeat(frame, state);
    await this.commit();
  }
}

/** What StartExecution and StartSyncExecution check before a start: the name and input it runs with. */
function startable(sm: StoredStateMachine, input: { name?: string; input?: string }): { name: string; inputText: string } {
  if (sm.status === 'DELETING') throw stateMachineDeleting(sm.arn);
  const name = input.name ?? randomUUID();
  if (!isValidName(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
  const inputText = input.input ?? '{}';
  try {
    JSON.parse(inputText);
  } catch (error) {
    throw new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${error instanceof Error ? error.message : String(error)}'`);
  }
  return { name, inputText };
}

function toChild(execution: StoredExecution): ChildExecution {
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate,
    ...(execution.stopDate === undefined ? {} : { stopDate: execution.stopDate }),
    input: execution.input,
    ...(execution.output === undefined ? {} : { output: execution.output }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
  };
}
