/**
 * Automated officers for `npm run bench:day`: one desk per bureau polls its queue
 * (GET /tasks?limit=100) and answers every task it finds at once with a passing answer (port
 * checks list the consignment's containers, from the task's `input.containers`). A desk that
 * finds nothing backs off (50 ms doubling to 1 s) until it is poked: a filing pokes the bureau of
 * its first step, an answer the bureaus of the consignment's next one.
 */
import type { Client } from './client.ts';

export interface TaskView {
  id: string;
  kind: string;
  bureau: string;
  consignmentId?: string;
  trainId?: string;
  status: string;
  input?: { containers?: string[] };
}

export interface OfficeContext {
  client: Client;
  runId: string;
  stopping: () => boolean;
  /** Containers of a consignment this run filed (undefined until its filing has answered). */
  containersOf: (consignmentId: string) => string[] | undefined;
  /** Bureaus that may get the next task of this consignment. */
  nextBureaus: (consignmentId: string) => string[];
  poke: (bureau: string) => void;
}

const MIN_IDLE_MS = 50;
const MAX_IDLE_MS = 1000;
/** Answers a desk has in flight at once. */
const ANSWERS_IN_FLIGHT = 8;
/** Attempts per task before a desk gives up on it (each failure is an error in the report). */
const MAX_ATTEMPTS = 3;

export function answerFor(task: TaskView, containers: string[] | undefined): unknown {
  switch (task.kind) {
    case 'port-checks':
      return containers ? { outcome: 'pass', details: { containers: containers.map((number) => ({ number, radiation: 'normal', quarantine: 'pass', treatment: 'done' })) } } : undefined;
    case 'treatment':
      return { outcome: 'pass', details: { method: 'fumigation under supervision / 监督下熏蒸' } };
    case 'train-quarantine':
      return { outcome: 'pass', details: { surfaceTreatment: 'done' } };
    case 'train-radiation':
      return { outcome: 'pass', details: { containers: (task.input?.containers ?? []).map((number) => ({ number, radiation: 'normal' })) } };
    default:
      return { outcome: 'pass' };
  }
}

export class Desk {
  private readonly attempts = new Map<string, number>();
  private readonly done = new Set<string>();
  private poked = false;
  private wake: (() => void) | undefined;
  polls = 0;
  answered = 0;
  /** Answered already (409): by a repeat, or by another path. */
  alreadyClosed = 0;
  gaveUp = 0;
  readonly answeredByKind = new Map<string, number>();

  constructor(
    readonly bureau: string,
    private readonly token: string,
    private readonly office: OfficeContext,
  ) {}

  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  async run(): Promise<void> {
    let idle = MIN_IDLE_MS;
    while (!this.office.stopping()) {
      this.poked = false;
      let fresh: TaskView[] = [];
      try {
        this.polls += 1;
        const page = await this.office.client.call<{ items: TaskView[] }>('GET', '/tasks?limit=100', this.token);
        if (page.status === 200) fresh = page.body.items.filter((t) => !this.done.has(t.id));
      } catch {
        // A network error is recorded by the client; poll again after the pause.
      }
      const ready = fresh.map((task) => ({ task, body: answerFor(task, task.input?.containers ?? (task.consignmentId ? this.office.containersOf(task.consignmentId) : undefined)) })).filter((a) => a.body !== undefined);
      if (ready.length > 0) {
        idle = MIN_IDLE_MS;
        await inParallel(ready, ANSWERS_IN_FLIGHT, ({ task, body }) => this.answer(task, body));
        continue;
      }
      if (this.poked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idle);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      idle = Math.min(idle * 2, MAX_IDLE_MS);
    }
  }

  private async answer(task: TaskView, body: unknown): Promise<void> {
    const attempt = (this.attempts.get(task.id) ?? 0) + 1;
    this.attempts.set(task.id, attempt);
    let status = 0;
    try {
      const answer = await this.office.client.call('POST', `/tasks/${encodeURIComponent(task.id)}/complete`, this.token, {
        body,
        idempotencyKey: `bench-day-${this.office.runId}-${task.id}`,
        expected: [409],
      });
      status = answer.status;
    } catch {
      status = 0;
    }
    if (status === 200 || status === 409) {
      this.done.add(task.id);
      if (status === 200) {
        this.answered += 1;
        this.answeredByKind.set(task.kind, (this.answeredByKind.get(task.kind) ?? 0) + 1);
      } else {
        this.alreadyClosed += 1;
      }
      if (task.consignmentId) for (const bureau of this.office.nextBureaus(task.consignmentId)) this.office.poke(bureau);
      return;
    }
    if (attempt >= MAX_ATTEMPTS) {
      this.done.add(task.id);
      this.gaveUp += 1;
    }
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
