import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { Frame, StoredEvent, StoredExecution, StoredMapRun, StoredStateMachine } from '../model.ts';
import type { EngineStore, LoadedState, ReadEventsOptions } from './store-types.ts';

/**
 * The durable store: LevelDB (classic-level) under `<dataDir>/stepfunctions`.
 *
 * Why LevelDB rather than the local DynamoDB: the engine writes several records per state
 * transition, and LevelDB takes a whole group of them (from every running execution) as one
 * atomic batch for a few microseconds per record, where a DynamoDB call costs a request each.
 * It also keeps history sorted by event id, so GetExecutionHistory pages straight off disk.
 *
 * A batch is written (not fsynced) before `commit()` resolves: LevelDB has handed it to the OS,
 * which is what surviving a SIGKILL of this process needs. A power cut may lose the last
 * batches; the local cloud does not promise more.
 *
 * Once a batch fails, every later commit fails with the same error and nothing more is written:
 * the data dir keeps an unbroken prefix of the commits, so a restart resumes a consistent state
 * instead of one where a later transition was written without an earlier one.
 */
export type BatchOperation = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };

const SEP = '\u0000';
const END = '\uffff';
const key = (...parts: string[]) => parts.join(SEP);
const eventKey = (arn: string, id: number) => key('e', arn, id.toString().padStart(10, '0'));

export class LevelStore implements EngineStore {
  readonly durable = true;
  private readonly db: ClassicLevel<string, string>;
  private pending = new Map<string, string | undefined>();
  private waiters: Array<() => void> = [];
  private failures: Array<(error: unknown) => void> = [];
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private writeFailure: { error: unknown } | undefined;

  constructor(dataDir: string) {
    const location = join(dataDir, 'stepfunctions');
    mkdirSync(location, { recursive: true });
    this.db = new ClassicLevel<string, string>(location, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  }

  async load(): Promise<LoadedState> {
    await this.db.open();
    const state: LoadedState = {
      stateMachines: [],
      definitions: new Map(),
      executions: [],
      frames: new Map(),
      lastEventIds: new Map(),
      mapRuns: [],
    };
    for await (const v of this.db.values({ gte: key('m', ''), lt: key('m', END) })) {
      state.stateMachines.push(JSON.parse(v) as StoredStateMachine);
    }
    for await (const [k, v] of this.db.iterator({ gte: key('d', ''), lt: key('d', END) })) {
      state.definitions.set(k.split(SEP)[1] as string, v);
    }
    for await (const v of this.db.values({ gte: key('x', ''), lt: key('x', END) })) {
      state.executions.push(JSON.parse(v) as StoredExecution);
    }
    for await (const v of this.db.values({ gte: key('r', ''), lt: key('r', END) })) {
      state.mapRuns.push(JSON.parse(v) as StoredMapRun);
    }
    for await (const [k, v] of this.db.iterator({ gte: key('f', ''), lt: key('f', END) })) {
      const arn = k.split(SEP)[1] as string;
      let list = state.frames.get(arn);
      if (!list) state.frames.set(arn, (list = []));
      list.push(JSON.parse(v) as Frame);
    }
    for (const execution of state.executions) {
      if (execution.status !== 'RUNNING') continue;
      const [last] = await this.db.values({ gte: key('e', execution.arn, ''), lt: key('e', execution.arn, END), reverse: true, limit: 1 }).all();
      state.lastEventIds.set(execution.arn, last ? (JSON.parse(last) as StoredEvent).id : 0);
    }
    return state;
  }

  putStateMachine(stateMachine: StoredStateMachine): void {
    this.pending.set(key('m', stateMachine.arn), JSON.stringify(stateMachine));
  }

  deleteStateMachine(arn: string): void {
    this.pending.set(key('m', arn), undefined);
  }

  putDefinition(hash: string, text: string): void {
    this.pending.set(key('d', hash), text);
  }

  putExecution(execution: StoredExecution): void {
    this.pending.set(key('x', execution.arn), JSON.stringify(execution));
  }

  putMapRun(mapRun: StoredMapRun): void {
    this.pending.set(key('r', mapRun.arn), JSON.stringify(mapRun));
  }

  putFrame(executionArn: string, frame: Frame): void {
    // A frame rewritten several times before a flush is written once, in its latest form.
    const k = key('f', executionArn, frame.id);
    this.pending.delete(k);
    this.pending.set(k, JSON.stringify(frame));
  }

  deleteFrame(executionArn: string, frameId: string): void {
    const k = key('f', executionArn, frameId);
    this.pending.delete(k);
    this.pending.set(k, undefined);
  }

  appendEvent(executionArn: string, event: StoredEvent): void {
    this.pending.set(eventKey(executionArn, event.id), JSON.stringify(event));
  }

  commit(): Promise<void> {
    // Late writers (a task result arriving during shutdown) are dropped, not failed.
    if (this.closed) return Promise.resolve();
    if (this.writeFailure) return Promise.reject(this.writeFailure.error);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push(resolve);
      this.failures.push(reject);
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate lets every execution that is ready in this turn add its writes first.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    const waiters = this.waiters;
    const failures = this.failures;
    this.pending = new Map();
    this.waiters = [];
    this.failures = [];
    const operations = [...pending].map(([k, v]): BatchOperation => (v === undefined ? { type: 'del', key: k } : { type: 'put', key: k, value: v }));
    // Batches are written one after another, in the order they were committed.
    this.writing = this.writing
      .then(() => {
        if (this.writeFailure) throw this.writeFailure.error;
        return operations.length > 0 ? this.writeBatch(operations) : undefined;
      })
      .then(
        () => waiters.forEach((resolve) => resolve()),
        (error: unknown) => {
          this.writeFailure ??= { error };
          failures.forEach((reject) => reject(error));
        },
      );
  }

  /** One atomic LevelDB batch (the seam where tests make the disk fail). */
  protected writeBatch(operations: BatchOperation[]): Promise<void> {
    return this.db.batch(operations);
  }

  async readEvents(executionArn: string, { after, limit, reverse }: ReadEventsOptions): Promise<StoredEvent[]> {
    await this.commit();
    const range = reverse
      ? { gte: key('e', executionArn, ''), lt: after === undefined ? key('e', executionArn, END) : eventKey(executionArn, after) }
      : { gt: after === undefined ? key('e', executionArn, '') : eventKey(executionArn, after), lt: key('e', executionArn, END) };
    const values = await this.db.values({ ...range, reverse, limit }).all();
    return values.map((v) => JSON.parse(v) as StoredEvent);
  }

  async close(): Promise<void> {
    try {
      await this.commit();
    } finally {
      this.closed = true;
      await this.writing;
      await this.db.close();
    }
  }
}
