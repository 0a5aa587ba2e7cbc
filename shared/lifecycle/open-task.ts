import { z } from 'zod';
import { bureauCodeSchema } from '../domain/codes.ts';
import { escalationTarget, isConsignmentTaskKind, isTrainTaskKind, STATUS_WHILE_AWAITING, TASK_KINDS, TASK_TITLES, taskIdFor } from '../domain/tasks/task-kinds.ts';
import type { PendingTask } from '../data/task-repository.ts';
import { notifyBureaus } from '../messaging/bureau-notices.ts';
import { updateConsignment } from './consignment-updates.ts';
import { repos } from './repositories.ts';
import { answerCallback } from './callbacks.ts';
import { retryOnConflict } from '../data/retry-on-conflict.ts';
import { CONSIGNMENT_STATUSES, isTerminalStatus } from '../domain/consignment-status.ts';

const OPEN_STATUSES = CONSIGNMENT_STATUSES.filter((status) => !isTerminalStatus(status));
import { completeFromTrainIfCrossed } from './train-hand-over.ts';
import { recordTrainTask } from './train-tasks.ts';

/** What a workflow's callback state sends when it starts waiting for a bureau. */
export const openTaskRequestSchema = z
  .object({
    taskToken: z.string().min(1),
    /** The task's subject: a consignment (lifecycle workflows) or a train run (train-run workflow). */
    consignmentId: z.string().min(1).optional(),
    trainId: z.string().min(1).optional(),
    kind: z.enum(TASK_KINDS),
    bureau: bureauCodeSchema,
    leadBureau: bureauCodeSchema,
    /** Deadlines passed so far; 0 on first entry. */
    escalation: z.number().int().nonnegative(),
    timeoutSeconds: z.number().positive(),
    /** When the state was entered, on the workflow's clock: deadlines count from here. */
    enteredAt: z.string().min(1),
    executionArn: z.string().min(1),
    stateName: z.string().min(1),
  })
  .refine((r) => (r.consignmentId === undefined) !== (r.trainId === undefined), { message: 'a task has exactly one subject: consignmentId or trainId' })
  .refine((r) => (r.trainId !== undefined ? isTrainTaskKind(r.kind) : isConsignmentTaskKind(r.kind)), { message: 'train tasks belong to trains, the others to consignments', path: ['kind'] });
export type OpenTaskRequest = z.infer<typeof openTaskRequestSchema>;

export type OpenTaskOutcome = 'opened' | 'already-open' | 'escalated' | 'answered-before-escalation';

/**
 * Records that a bureau must act and tells it so. Step Functions runs this at least once per
 * entry, and again with a new token each time the deadline passes; every case is handled so
 * that the officer always sees one task with the live token:
 * - first entry: record the task, move the consignment to "awaiting …", notify the bureau;
 * - the same token again (a retry): nothing more;
 * - a new token for an open task (a deadline passed): re-arm it and escalate;
 * - a new token for a task already answered (the officer answered as the old token expired):
 *   hand the recorded answer to the new token, so the workflow goes on.
 */
export async function openTask(request: OpenTaskRequest): Promise<OpenTaskOutcome> {
  const taskId = taskIdFor(request.consignmentId ?? request.trainId ?? '', request.kind);
  const dueAt = new Date(Date.parse(request.enteredAt) + request.timeoutSeconds * 1000).toISOString();
  // An officer's answer or an overlapping run of this step can change the task between the read
  // and the write; the guarded write then loses, and the task is read again and routed anew.
  return retryOnConflict(() => openOnce(request, taskId, dueAt), MAX_ATTEMPTS);
}

const MAX_ATTEMPTS = 4;

async function openOnce(request: OpenTaskRequest, taskId: string, dueAt: string): Promise<OpenTaskOutcome> {
  const existing = await repos().tasks.find(taskId);

  if (!existing) {
    if (request.trainId !== undefined && isTrainTaskKind(request.kind)) {
      await recordTrainTask({ ...request, trainId: request.trainId, kind: request.kind, taskId, dueAt });
      return 'opened';
    }
    await recordNewTask(request, taskId, dueAt);
    // A consignment whose train already crossed the border has its port checks in the train's
    // results: they complete at once (filed late, or its workflow reached this step late).
    if (request.kind === 'port-checks' && request.consignmentId !== undefined) await completeFromTrainIfCrossed(request.consignmentId);
    return 'opened';
  }
  if (existing.taskToken === request.taskToken) {
    // A retry after the notice failed: the bureau must still be told.
    if (existing.status === 'open' && existing.notifiedAt === undefined && existing.consignmentId !== undefined) await noticeOfNewTask(request, existing);
    return 'already-open';
  }
  if (existing.status !== 'open') {
    if (existing.status !== 'completed' || existing.result === undefined) throw new Error(`task ${taskId} is ${existing.status} without an answer to pass on`);
    await answerCallback(request.taskToken, existing.result);
    return 'answered-before-escalation';
  }
  await repos().tasks.rearm(taskId, { taskToken: request.taskToken, dueAt, escalation: request.escalation });
  if (request.escalation > (existing.escalation ?? 0)) await escalate(request, existing, dueAt);
  return 'escalated';
}

async function recordNewTask(request: OpenTaskRequest, taskId: string, dueAt: string): Promise<void> {
  const consignmentId = request.consignmentId;
  if (consignmentId === undefined || !isConsignmentTaskKind(request.kind)) throw new Error(`task ${taskId} has no consignment`);
  const status = STATUS_WHILE_AWAITING[request.kind];
  const consignment = await updateConsignment(consignmentId, (current) =>
    current.status === status
      ? undefined
      : {
          status,
          // A workflow never re-opens a task of a closed consignment.
          from: OPEN_STATUSES,
          event: {
            type: 'task-opened',
            actor: { role: 'system', subject: request.executionArn },
            data: { taskId, kind: request.kind, bureau: request.bureau, dueAt },
            idempotencyKey: `${taskId}:opened`,
          },
        },
  );
  // The task becomes visible only once the consignment says what it awaits.
  const task = await repos().tasks.record({
    taskId,
    taskToken: request.taskToken,
    bureau: request.bureau,
    kind: request.kind,
    consignmentId,
    dueAt,
    executionArn: request.executionArn,
    stateName: request.stateName,
    escalation: request.escalation,
    input: { containers: consignment.containers.map((c) => c.number), portCode: consignment.portCode },
  });
  await noticeOfNewTask(request, task);
}

async function noticeOfNewTask(request: OpenTaskRequest, task: PendingTask): Promise<void> {
  await notifyBureaus([
    { bureau: request.bureau, kind: `task:${request.kind}`, title: TASK_TITLES[request.kind], consignmentId: task.consignmentId, taskId: task.taskId, data: { dueAt: task.dueAt } },
  ]);
  await repos().tasks.markNotified(task.taskId);
}

async function escalate(request: OpenTaskRequest, task: PendingTask, dueAt: string): Promise<void> {
  const notified = escalationTarget(request.escalation, { responsible: request.bureau, lead: request.leadBureau });
  // A train task has no audit trail of its own; its escalations are in the task and the notices.
  if (request.consignmentId !== undefined) await updateConsignment(request.consignmentId, () => ({
    event: {
      type: 'task-escalated',
      actor: { role: 'system', subject: request.executionArn },
      data: { taskId: task.taskId, kind: request.kind, level: request.escalation, notified, overdueSince: task.dueAt, dueAt },
      idempotencyKey: `${task.taskId}:escalated:${request.escalation}`,
    },
  }));
  const title = TASK_TITLES[request.kind];
  await notifyBureaus([
    {
      bureau: notified,
      kind: 'escalation',
      title: { zh: `逾期未办：${title.zh}`, en: `Overdue: ${title.en}` },
      ...(request.consignmentId !== undefined && { consignmentId: request.consignmentId }),
      taskId: task.taskId,
      data: { level: request.escalation, responsibleBureau: request.bureau, dueAt, ...(request.trainId !== undefined && { trainId: request.trainId }) },
    },
  ]);
}
