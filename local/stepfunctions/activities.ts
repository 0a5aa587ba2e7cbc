import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { activityArn } from '../arns.ts';
import { openJsonStore, type JsonStore } from '../json-file.ts';
import { ApiError } from './errors.ts';

/**
 * Step Functions activities: named queues of tasks that workers poll with GetActivityTask. A
 * Task state whose Resource is an activity ARN runs as a callback task: its token and input are
 * queued here, a worker takes them, and SendTaskSuccess/Failure/Heartbeat complete the state.
 * The activities themselves are kept in `<DATA_DIR>/stepfunctions-activities.json`; the queued
 * tasks are not (a task queued when the process stopped is not handed out after a restart; its
 * state still times out by its TimeoutSeconds).
 */
export interface Activity {
  arn: string;
  name: string;
  creationDate: number;
  tags?: Record<string, string>;
}

/** AWS holds a GetActivityTask open for up to 60 seconds. */
export const ACTIVITY_POLL_MS = 60_000;

const activitySchema = z.object({ arn: z.string(), name: z.string(), creationDate: z.number(), tags: z.record(z.string(), z.string()).optional() });

interface QueuedTask {
  token: string;
  input: string;
}
interface Waiter {
  deliver(task: QueuedTask | undefined): void;
}

export const activityDoesNotExist = (arn: string) => new ApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);

export class Activities {
  readonly byArn = new Map<string, Activity>();
  private readonly queues = new Map<string, QueuedTask[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly file: JsonStore<Activity[]>;

  constructor(
    private readonly clock: Clock,
    file: string | undefined,
    /** Whether a token still names a task waiting for its result (a stopped execution's does not). */
    private readonly isLive: (token: string) => boolean,
  ) {
    this.file = openJsonStore(file, z.array(activitySchema), []);
    for (const activity of this.file.loaded) this.byArn.set(activity.arn, activity);
  }

  private save(): void {
    this.file.save([...this.byArn.values()]);
  }

  create(name: string, tags: Record<string, string> | undefined, now: number): Activity {
    const arn = activityArn(name);
    const existing = this.byArn.get(arn);
    if (existing) return existing;
    const activity: Activity = { arn, name, creationDate: now, ...(tags && Object.keys(tags).length > 0 && { tags }) };
    this.byArn.set(arn, activity);
    this.save();
    return activity;
  }

  get(arn: string): Activity {
    const activity = this.byArn.get(arn);
    if (!activity) throw activityDoesNotExist(arn);
    return activity;
  }

  delete(arn: string): void {
    if (!this.byArn.delete(arn)) return;
    this.queues.delete(arn);
    for (const waiter of this.waiters.get(arn) ?? []) waiter.deliver(undefined);
    this.waiters.delete(arn);
    this.save();
  }

  setTags(arn: string, tags: Record<string, string>): void {
    this.get(arn).tags = tags;
    this.save();
  }

  /** Queues a task for the activity's workers (the Task state's integration call). */
  schedule(arn: string, token: string, input: unknown): boolean {
    if (!this.byArn.has(arn)) return false;
    const task = { token, input: JSON.stringify(input) };
    const waiter = this.waiters.get(arn)?.shift();
    if (waiter) waiter.deliver(task);
    else {
      let queue = this.queues.get(arn);
      if (!queue) this.queues.set(arn, (queue = []));
      queue.push(task);
    }
    return true;
  }

  /** A queued task, or one that arrives within the poll window; undefined when none does. */
  poll(arn: string, signal: AbortSignal | undefined): Promise<QueuedTask | undefined> {
    this.get(arn);
    const queue = this.queues.get(arn) ?? [];
    while (queue.length > 0) {
      const task = queue.shift()!;
      if (this.isLive(task.token)) return Promise.resolve(task);
    }
    return new Promise((resolve) => {
      let list = this.waiters.get(arn);
      if (!list) this.waiters.set(arn, (list = []));
      const waiter: Waiter = {
        deliver: (task) => {
          if (task && !this.isLive(task.token)) {
            // A stale task is dropped; the worker keeps waiting for a live one.
            list.unshift(waiter);
            return;
          }
          cancelTimer();
          signal?.removeEventListener('abort', abandon);
          resolve(task);
        },
      };
      const leave = () => {
        const index = list.indexOf(waiter);
        if (index >= 0) list.splice(index, 1);
      };
      const abandon = () => {
        leave();
        cancelTimer();
        resolve(undefined);
      };
      const cancelTimer = this.clock.at(this.clock.now() + ACTIVITY_POLL_MS, () => {
        leave();
        signal?.removeEventListener('abort', abandon);
        resolve(undefined);
      });
      signal?.addEventListener('abort', abandon, { once: true });
      list.push(waiter);
    });
  }

  /** Ends every long poll (the service is closing). */
  close(): void {
    for (const list of this.waiters.values()) for (const waiter of list.splice(0)) waiter.deliver(undefined);
  }
}
