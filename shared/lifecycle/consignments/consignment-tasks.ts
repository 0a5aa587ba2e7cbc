import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { allowedFromStatuses } from '../../domain/lifecycle/consignment-lifecycle.ts';
import type { Disposal } from '../../domain/lifecycle-records.ts';
import { CONSIGNMENT_TASK_KINDS, isConsignmentTaskKind, STATUS_WHILE_AWAITING, TASK_TITLES } from '../../domain/tasks/task-kinds.ts';
import { resultProblems, type ConsignmentTaskAnswerInput, type TaskAnswerInput } from '../../domain/tasks/task-results.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { InvalidInput } from '../errors.ts';
import { notices, repos } from '../ports.ts';
import type { OpeningTask, TaskSubject } from '../tasks/open-task.ts';
import { answeredBy, answerForTask, type AnsweredBy } from '../tasks/task-answer.ts';
import { completeFromTrainIfCrossed } from '../trains/train-hand-over.ts';
import { closeWithRecordedAnswer, followUpConsignmentAnswer } from './consignment-answers.ts';
import { updateConsignment } from './consignment-updates.ts';

/** What the workflow receives as the callback task's result. */
export type TaskAnswer = Omit<ConsignmentTaskAnswerInput, 'kind'> & AnsweredBy & { disposal: Disposal | null };

/**
 * Tasks whose subject is a consignment (the import and export lifecycle workflows): opening one
 * moves the consignment to the status that names the step awaited, with an audit event.
 */
export const consignmentTasks: TaskSubject = {
  async open(task) {
    const { consignmentId, kind } = task;
    if (consignmentId === undefined || !isConsignmentTaskKind(kind)) throw new Error(`task ${task.taskId} has no consignment`);
    const status = STATUS_WHILE_AWAITING[kind];
    const consignment = await updateConsignment(consignmentId, (current) =>
      current.status === status
        ? undefined
        : {
            status,
            // Only from a step that leads here (the transition table): never a closed consignment.
            from: allowedFromStatuses(kind),
            event: {
              type: 'task-opened',
              actor: { role: 'system', subject: task.executionArn },
              data: { taskId: task.taskId, kind: task.kind, bureau: task.bureau, dueAt: task.dueAt },
              idempotencyKey: `${task.taskId}:opened`,
            },
          },
    );
    // The task becomes visible only once the consignment says what it awaits.
    const recorded = await repos().tasks.record({
      taskId: task.taskId,
      taskToken: task.taskToken,
      bureau: task.bureau,
      kind: task.kind,
      consignmentId,
      dueAt: task.dueAt,
      executionArn: task.executionArn,
      stateName: task.stateName,
      escalation: task.escalation,
      input: {
        containers: consignment.containers.map((c) => c.number),
        portCode: consignment.portCode,
        // §10: the hand-over bureau checks the seals declared at filing, where the journey changes mode.
        ...(task.kind === 'mode-hand-over' && {
          seals: consignment.containers.map((c) => ({ number: c.number, sealNumber: c.sealNumber ?? null })),
          handOver: consignment.inspectionPlan?.journey?.handOver,
        }),
      },
    });
    await noticeOfNewTask(task, recorded);
    // A consignment whose train already crossed the border has its port checks in the train's
    // results: they complete at once (filed late, or its workflow reached this step late).
    if (task.kind === 'port-checks') await completeFromTrainIfCrossed(consignmentId);
  },

  // A retry after the notice failed: the bureau must still be told.
  resendNotice: noticeOfNewTask,

  async recordEscalation(task, recorded, notified: BureauCode) {
    if (task.consignmentId === undefined) return;
    await updateConsignment(task.consignmentId, () => ({
      event: {
        type: 'task-escalated',
        actor: { role: 'system', subject: task.executionArn },
        data: { taskId: recorded.taskId, kind: task.kind, level: task.escalation, notified, overdueSince: recorded.dueAt, dueAt: task.dueAt },
        idempotencyKey: `${recorded.taskId}:escalated:${task.escalation}`,
      },
    }));
  },
};

async function noticeOfNewTask(task: OpeningTask, recorded: PendingTask): Promise<void> {
  await notices().notify([
    { bureau: task.bureau, kind: `task:${task.kind}`, title: TASK_TITLES[task.kind], consignmentId: recorded.consignmentId, taskId: recorded.taskId, data: { dueAt: recorded.dueAt } },
  ]);
  await repos().tasks.markNotified(recorded.taskId);
}

/**
 * An officer's answer to a consignment task (`taskToAnswer` found it open and the caller's): it
 * must agree with the consignment (port checks cover exactly its containers), is recorded once
 * (a second answer is a Conflict), then followed up (`followUpConsignmentAnswer`).
 */
export async function completeConsignmentTask(
  task: PendingTask,
  input: TaskAnswerInput,
  caller: CallerIdentity,
  answerKey?: string,
): Promise<{ task: PendingTask; answer: TaskAnswer }> {
  const { kind, ...result } = answerForTask(task, input, CONSIGNMENT_TASK_KINDS);
  const consignment = await repos().consignments.get(consignmentOf(task));
  const problems = resultProblems(kind, result, consignment);
  if (problems.length > 0) throw new InvalidInput(problems);

  const answer: TaskAnswer = { ...result, disposal: result.details?.disposal ?? null, ...answeredBy(task, caller) };
  // The task closes and its consignment records the answer together (one transaction).
  const closed = await closeWithRecordedAnswer(task, caller, { ...answer }, answerKey);
  await followUpConsignmentAnswer(closed.task, { role: 'officer', bureau: task.bureau, subject: caller.subject }, { recorded: closed.consignment });
  return { task: closed.task, answer };
}

function consignmentOf(task: PendingTask): string {
  if (task.consignmentId === undefined) throw new Error(`task ${task.taskId} has no consignment`);
  return task.consignmentId;
}
