import { z } from 'zod';
import { bureauCodeSchema, type BureauCode } from '../../domain/codes.ts';
import {
  escalationTarget,
  isConsignmentTaskKind,
  isCoordinationTaskKind,
  isOriginTaskKind,
  isTrainTaskKind,
  TASK_KINDS,
  TASK_TITLES,
  taskIdFor,
  type TaskKind,
} from '../../domain/tasks/task-kinds.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import { notices, repos, workflows } from '../ports.ts';

/** What a workflow's callback state sends when it starts waiting for a bureau. */
export const openTaskRequestSchema = z
  .object({
    taskToken: z.string().min(1),
    /**
     * The task's subject: a consignment (lifecycle workflows), a train run (train-run workflow),
     * a certificate-of-origin application (OriginCertificate workflow) or a coordination case
     * (CoordinationCase workflow).
     */
    consignmentId: z.string().min(1).optional(),
    trainId: z.string().min(1).optional(),
    applicationId: z.string().min(1).optional(),
    caseId: z.string().min(1).optional(),
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
    /** The API request that filed the consignment: every step's log lines carry it. */
    correlationId: z.string().min(1).optional(),
  })
  .refine((r) => [r.consignmentId, r.trainId, r.applicationId, r.caseId].filter((id) => id !== undefined).length === 1, {
    message: 'a task has exactly one subject: consignmentId, trainId, applicationId or caseId',
  })
  .refine((r) => kindFitsSubject(r), {
    message: 'train tasks belong to trains, origin-certificate reviews to applications, coordination cases to cases, the others to consignments',
    path: ['kind'],
  });
export type OpenTaskRequest = z.infer<typeof openTaskRequestSchema>;

function kindFitsSubject(request: { kind: TaskKind; trainId?: string | undefined; applicationId?: string | undefined; caseId?: string | undefined }): boolean {
  if (request.trainId !== undefined) return isTrainTaskKind(request.kind);
  if (request.applicationId !== undefined) return isOriginTaskKind(request.kind);
  if (request.caseId !== undefined) return isCoordinationTaskKind(request.kind);
  return isConsignmentTaskKind(request.kind);
}

/** The id of the task's subject, whichever it is: task ids are `<subjectId>.<kind>`. */
export const subjectIdOf = (request: Pick<OpenTaskRequest, 'consignmentId' | 'trainId' | 'applicationId' | 'caseId'>): string =>
  request.consignmentId ?? request.trainId ?? request.applicationId ?? request.caseId ?? '';

export type OpenTaskOutcome = 'opened' | 'already-open' | 'escalated' | 'answered-before-escalation';

/** A task being opened, with the id and deadline the protocol derived for it. */
export type OpeningTask = OpenTaskRequest & { taskId: string; dueAt: string };

/**
 * What differs between the subjects a task can belong to (a consignment, a train run, an
 * application for a certificate of origin): how a new task is recorded and announced, and what
 * else records an escalation. The protocol around them (retries, re-arming, answers that crossed
 * a deadline) is the same for all.
 */
export interface TaskSubject {
  /** First entry: record the task (and what the subject keeps beside it), then notify the bureau. */
  open(task: OpeningTask): Promise<void>;
  /** The same token again, and the task's notice had not gone out: send it now. */
  resendNotice?(task: OpeningTask, recorded: PendingTask): Promise<void>;
  /** A deadline passed: what the subject records besides the task and the escalation notice. */
  recordEscalation?(task: OpeningTask, recorded: PendingTask, notified: BureauCode): Promise<void>;
}

const MAX_ATTEMPTS = 4;

/**
 * Records that a bureau must act and tells it so. Step Functions runs this at least once per
 * entry, and again with a new token each time the deadline passes; every case is handled so
 * that the officer always sees one task with the live token:
 * - first entry: the subject records the task and notifies the bureau;
 * - the same token again (a retry): nothing more, unless the notice had not gone out;
 * - a new token for an open task (a deadline passed): re-arm it and escalate;
 * - a new token for a task already answered (the officer answered as the old token expired):
 *   hand the recorded answer to the new token, so the workflow goes on.
 */
export function openTask(request: OpenTaskRequest, subject: TaskSubject): Promise<OpenTaskOutcome> {
  const task: OpeningTask = {
    ...request,
    taskId: taskIdFor(subjectIdOf(request), request.kind),
    dueAt: new Date(Date.parse(request.enteredAt) + request.timeoutSeconds * 1000).toISOString(),
  };
  // An officer's answer or an overlapping run of this step can change the task between the read
  // and the write; the guarded write then loses, and the task is read again and routed anew.
  return retryOnConflict(() => openOnce(task, subject), MAX_ATTEMPTS);
}

async function openOnce(task: OpeningTask, subject: TaskSubject): Promise<OpenTaskOutcome> {
  const existing = await repos().tasks.find(task.taskId);
  if (!existing) {
    await subject.open(task);
    return 'opened';
  }
  if (existing.taskToken === task.taskToken) {
    if (existing.status === 'open' && existing.notifiedAt === undefined) await subject.resendNotice?.(task, existing);
    return 'already-open';
  }
  if (existing.status !== 'open') {
    // Completed, or cancelled with an answer (a coordination case withdrawn by its opener): either
    // way the workflow waits for that answer.
    if (existing.result === undefined) throw new Error(`task ${task.taskId} is ${existing.status} without an answer to pass on`);
    await workflows().answer(task.taskToken, existing.result);
    return 'answered-before-escalation';
  }
  await repos().tasks.rearm(task.taskId, { taskToken: task.taskToken, dueAt: task.dueAt, escalation: task.escalation });
  if (task.escalation > (existing.escalation ?? 0)) await escalate(task, existing, subject);
  return 'escalated';
}

async function escalate(task: OpeningTask, recorded: PendingTask, subject: TaskSubject): Promise<void> {
  const notified = escalationTarget(task.escalation, { responsible: task.bureau, lead: task.leadBureau });
  await subject.recordEscalation?.(task, recorded, notified);
  const title = TASK_TITLES[task.kind];
  await notices().notify([
    {
      bureau: notified,
      kind: 'escalation',
      title: { zh: `逾期未办：${title.zh}`, en: `Overdue: ${title.en}` },
      ...(task.consignmentId !== undefined && { consignmentId: task.consignmentId }),
      taskId: recorded.taskId,
      data: {
        level: task.escalation,
        responsibleBureau: task.bureau,
        dueAt: task.dueAt,
        ...(task.trainId !== undefined && { trainId: task.trainId }),
        ...(task.applicationId !== undefined && { applicationId: task.applicationId }),
        ...(task.caseId !== undefined && { caseId: task.caseId }),
      },
    },
  ]);
}
