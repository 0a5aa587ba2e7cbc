import { createHash } from 'node:crypto';
import type { BureauCode } from '../domain/codes.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, ConflictError, NotFoundError } from './errors.ts';
import { guardedUpdateInput, guardRefused, putNew, readItem, updateGuarded, type GuardedUpdate } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';
import type { TransactPart } from './transactions.ts';

export const TASK_STATUSES = ['open', 'completed', 'failed', 'expired', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type ClosedTaskStatus = Exclude<TaskStatus, 'open'>;

/** What a step handler records when a workflow waits for a person (waitForTaskToken). */
export interface NewTask {
  /** A stable name chosen by the workflow's step; derived from the token when absent. */
  taskId?: string;
  taskToken: string;
  /** The bureau whose officers must act. */
  bureau: BureauCode;
  /** What is awaited, e.g. `port-checks`, `port-inspection`, `train-quarantine`. */
  kind: string;
  /** The subject: a consignment, a train run (train quarantine, train radiation monitoring), a certificate-of-origin application or a coordination case. */
  consignmentId?: string;
  trainId?: string;
  applicationId?: string;
  caseId?: string;
  /** When the workflow stops waiting (its TimeoutSeconds); ISO 8601. */
  dueAt: string;
  executionArn?: string;
  stateName?: string;
  /** Context the officer needs to act (plan items, container numbers, ...). */
  input?: Record<string, unknown>;
  /** How many deadlines have passed unanswered; each one re-arms the task with a new token. */
  escalation?: number;
  /** When the bureau was told of the task; unset until the notice is out. */
  notifiedAt?: string;
}

/** How a task closes: its status, who closed it, the answer and the request that answered it. */
export interface TaskOutcome {
  status: ClosedTaskStatus;
  by: string;
  result?: Record<string, unknown>;
  answerKey?: string;
}

export interface PendingTask extends NewTask {
  taskId: string;
  status: TaskStatus;
  createdAt: string;
  version: number;
  closedAt?: string;
  /** Who closed it: an officer's subject, or `system` for timeouts. */
  closedBy?: string;
  result?: Record<string, unknown>;
  /** The Idempotency-Key of the request that answered it, so a retry of that request is recognised. */
  answerKey?: string;
  /** When the answer reached the waiting workflow (or the workflow had stopped waiting for it). */
  deliveredAt?: string;
}

/**
 * The id is derived from the token: Step Functions runs a task at least once, and a retried step
 * handler must find its task instead of recording a second one.
 */
export function taskIdOf(taskToken: string): string {
  return createHash('sha256').update(taskToken).digest('base64url').slice(0, 26);
}

/** The listing of the tasks of the task's subject (gsi2). */
function subjectTasks(task: Pick<NewTask, 'consignmentId' | 'trainId' | 'applicationId' | 'caseId'>): string {
  if (task.consignmentId !== undefined) return keys.tasksOfConsignment(task.consignmentId);
  if (task.trainId !== undefined) return keys.tasksOfTrain(task.trainId);
  if (task.caseId !== undefined) return keys.tasksOfCase(task.caseId);
  return keys.tasksOfOriginApplication(task.applicationId ?? '');
}

const subject = (taskId: string) => ({ entity: 'task', id: taskId, key: keys.task(taskId) });
const toTask = (item: Record<string, unknown>) => withoutKeys(item) as unknown as PendingTask;

export class TaskRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** Records a pending task once per token; a retry returns the task already recorded. */
  async record(task: NewTask): Promise<PendingTask> {
    if ([task.consignmentId, task.trainId, task.applicationId, task.caseId].filter((id) => id !== undefined).length !== 1) {
      throw new RangeError('a task belongs to exactly one consignment, one train, one application or one coordination case');
    }
    const taskId = task.taskId ?? taskIdOf(task.taskToken);
    const record: PendingTask = { ...task, taskId, status: 'open', createdAt: this.config.now().toISOString(), version: 1 };
    try {
      await putNew(this.config, subject(taskId), {
        entity: 'Task',
        // Sparse: only open tasks are in the bureau's work queue; closing removes these keys.
        gsi1pk: keys.openTasksOfBureau(task.bureau),
        gsi1sk: `${sortableTime(task.dueAt)}#${taskId}`,
        gsi2pk: subjectTasks(task),
        gsi2sk: `${record.createdAt}#${taskId}`,
        ...record,
      });
      return record;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      const existing = await this.get(taskId);
      if (existing.taskToken !== task.taskToken) throw new ConflictError(`task id ${taskId} is taken by another token`, { entity: 'task', id: taskId });
      return existing;
    }
  }

  async find(taskId: string): Promise<PendingTask | undefined> {
    const item = await readItem(this.config, keys.task(taskId));
    return item ? toTask(item) : undefined;
  }

  async get(taskId: string): Promise<PendingTask> {
    const task = await this.find(taskId);
    if (!task) throw new NotFoundError(`task ${taskId} does not exist`, { entity: 'task', id: taskId });
    return task;
  }

  /**
   * Closes an open task, once: of two officers answering the same task, the second gets a
   * ConflictError (the state guard is `status = open`).
   */
  async close(taskId: string, outcome: TaskOutcome): Promise<PendingTask> {
    const item = await updateGuarded(this.config, subject(taskId), this.closeUpdate(taskId, outcome));
    return toTask(item);
  }

  /**
   * The same close as `close`, as a part of a transaction (`writeTogether`): its guard failing is
   * the ConflictError (or NotFoundError) `close` would throw.
   */
  closing(taskId: string, outcome: TaskOutcome): TransactPart {
    const update = this.closeUpdate(taskId, outcome);
    return { item: { Update: guardedUpdateInput(this.config, subject(taskId), update) }, refused: () => guardRefused(this.config, subject(taskId), update) };
  }

  private closeUpdate(taskId: string, outcome: TaskOutcome): GuardedUpdate {
    const closedAt = this.config.now().toISOString();
    return {
      from: { attribute: 'status', values: ['open'] },
      set: {
        status: outcome.status,
        closedAt,
        closedBy: outcome.by,
        result: outcome.result,
        answerKey: outcome.answerKey,
        // The outbox: an answer is listed here until it reaches the workflow (`markDelivered`), so
        // a crash between this write and the callback leaves it for the relay to deliver.
        ...(outcome.result !== undefined && { gsi3pk: keys.undeliveredAnswers(), gsi3sk: `${closedAt}#${taskId}` }),
      },
      remove: ['gsi1pk', 'gsi1sk'],
    };
  }

  /** The answer reached the workflow, or the workflow no longer waits for it: out of the outbox. */
  async markDelivered(taskId: string): Promise<void> {
    await updateGuarded(this.config, subject(taskId), { set: { deliveredAt: this.config.now().toISOString() }, remove: ['gsi3pk', 'gsi3sk'] });
  }

  /** Answered tasks whose answer has not been delivered, oldest first, closed before `closedBefore`. */
  listUndelivered(closedBefore: string, page: PageRequest = {}): Promise<Page<PendingTask>> {
    return queryPage(this.config, { index: 'gsi3', partition: keys.undeliveredAnswers(), sort: { atMost: sortableTime(closedBefore) }, page, map: toTask });
  }

  /**
   * Hands an open task a new callback token after its deadline passed (the workflow waits again,
   * escalated). The officer keeps the same task id; only the token and the due date move.
   */
  async rearm(taskId: string, next: { taskToken: string; dueAt: string; escalation: number }): Promise<PendingTask> {
    const item = await updateGuarded(this.config, subject(taskId), {
      from: { attribute: 'status', values: ['open'] },
      set: {
        taskToken: next.taskToken,
        dueAt: next.dueAt,
        escalation: next.escalation,
        gsi1sk: `${sortableTime(next.dueAt)}#${taskId}`,
      },
    });
    return toTask(item);
  }

  /** Records that the bureau has been told of the task (a retried step sends what is missing). */
  async markNotified(taskId: string): Promise<void> {
    await updateGuarded(this.config, subject(taskId), { set: { notifiedAt: this.config.now().toISOString() } });
  }

  /** A bureau's open tasks, most urgent (earliest due) first. */
  listOpenByBureau(bureau: BureauCode, page: PageRequest = {}): Promise<Page<PendingTask>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.openTasksOfBureau(bureau), page, map: toTask });
  }

  /** Every task of a train run, open or closed, in the order they were recorded. */
  listByTrain(trainId: string, page: PageRequest = {}): Promise<Page<PendingTask>> {
    return queryPage(this.config, { index: 'gsi2', partition: keys.tasksOfTrain(trainId), page, map: toTask });
  }

  /** Every task of a consignment, open or closed, in the order they were recorded. */
  listByConsignment(consignmentId: string, page: PageRequest = {}): Promise<Page<PendingTask>> {
    return queryPage(this.config, { index: 'gsi2', partition: keys.tasksOfConsignment(consignmentId), page, map: toTask });
  }

  /** Every task of a certificate-of-origin application (its review, across escalations one task). */
  listByApplication(applicationId: string, page: PageRequest = {}): Promise<Page<PendingTask>> {
    return queryPage(this.config, { index: 'gsi2', partition: keys.tasksOfOriginApplication(applicationId), page, map: toTask });
  }

  /** Every task of a coordination case (the addressed bureau's answer, across escalations one task). */
  listByCase(caseId: string, page: PageRequest = {}): Promise<Page<PendingTask>> {
    return queryPage(this.config, { index: 'gsi2', partition: keys.tasksOfCase(caseId), page, map: toTask });
  }
}
