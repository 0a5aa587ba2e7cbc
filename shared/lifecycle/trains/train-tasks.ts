import type { CallerIdentity } from '../../auth/claims.ts';
import { z } from 'zod';
import { bureauCodeSchema, type BureauCode } from '../../domain/codes.ts';
import { isTrainTaskKind, TASK_TITLES, TRAIN_TASK_KINDS, type TrainTaskKind } from '../../domain/tasks/task-kinds.ts';
import {
  taskAnswerSchema,
  trainResultProblems,
  type TaskAnswerInput,
  type TrainTaskAnswerInput,
  type TrainQuarantineTaskResult,
  type TrainRadiationTaskResult,
  type TrainTaskResult,
} from '../../domain/tasks/task-results.ts';
import { manifestSummary } from '../../domain/trains/manifest-summary.ts';
import type { TrainPortResults, TrainQuarantineResult, TrainRadiationResult } from '../../domain/train.ts';
import { leadBureauForPort } from '../../domain/reference/ports.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { InvalidInput } from '../errors.ts';
import { notices, repos } from '../ports.ts';
import type { TaskSubject } from '../tasks/open-task.ts';
import { answeredBy, answerForTask, closeWithAnswer, finishAnswer, type AnsweredBy } from '../tasks/task-answer.ts';
import { trainConsignments } from './train-consignments.ts';
import { updateTrain } from './train-updates.ts';

/**
 * Tasks that belong to a train run rather than a consignment: train quarantine and the radiation
 * monitoring of the whole train, both for the port bureau. They live beside consignment tasks
 * (same table, same GET /tasks queue, same POST /tasks/{id}/complete), named `<trainId>.<kind>`.
 */
export interface NewTrainTask {
  taskId: string;
  taskToken: string;
  trainId: string;
  kind: TrainTaskKind;
  bureau: BureauCode;
  dueAt: string;
  executionArn: string;
  stateName: string;
  escalation: number;
}

/** Records the task with what the port officer needs on the platform: the manifest of the train. */
async function recordTrainTask(task: NewTrainTask): Promise<void> {
  const train = await repos().trains.get(task.trainId);
  const summary = manifestSummary(await trainConsignments(task.trainId));
  await repos().tasks.record({
    taskId: task.taskId,
    taskToken: task.taskToken,
    bureau: task.bureau,
    kind: task.kind,
    trainId: task.trainId,
    dueAt: task.dueAt,
    executionArn: task.executionArn,
    stateName: task.stateName,
    escalation: task.escalation,
    input: {
      trainNumber: train.trainNumber,
      direction: train.direction,
      portCode: train.portCode,
      plannedBorderCrossing: train.plannedBorderCrossing,
      ...(train.actual['arrived-at-border'] && { arrivedAt: train.actual['arrived-at-border'].at }),
      consignments: summary.consignments,
      containers: summary.containers.numbers,
      exceptedCategories: summary.exceptedCategories,
      plannedPortInspections: summary.plannedPortInspections,
      ...(train.clearance && { heldBack: train.clearance.heldBack }),
    },
  });
  await notices().notify([
    { bureau: task.bureau, kind: `task:${task.kind}`, title: TASK_TITLES[task.kind], taskId: task.taskId, data: { dueAt: task.dueAt, trainId: train.id } },
  ]);
}

/**
 * Tasks whose subject is a train run. A train task has no audit trail of its own: its
 * escalations are in the task and the notices.
 */
export const trainTasks: TaskSubject = {
  async open(task) {
    if (task.trainId === undefined || !isTrainTaskKind(task.kind)) throw new Error(`task ${task.taskId} has no train`);
    await recordTrainTask({ ...task, trainId: task.trainId, kind: task.kind });
  },
};

/** What the train-run workflow receives as the callback task's result. */
export type TrainTaskAnswer = TrainTaskResult & AnsweredBy;

/**
 * The port officer's answer to a train task (`taskToAnswer` found it open and the caller's):
 * checked against the train, recorded once (a Conflict for a second answer), then followed up
 * (`followUpTrainAnswer`).
 */
export async function completeTrainTask(task: PendingTask, input: TaskAnswerInput, caller: CallerIdentity, answerKey?: string): Promise<{ task: PendingTask; answer: TrainTaskAnswer }> {
  const { kind, ...result } = answerForTask(task, input, TRAIN_TASK_KINDS);
  const train = await repos().trains.get(trainOf(task));
  const problems = trainResultProblems(kind, result, train);
  if (problems.length > 0) throw new InvalidInput(problems);

  const answer: TrainTaskAnswer = { ...result, ...answeredBy(task, caller) };
  const closed = await closeWithAnswer(task, caller, { ...answer }, answerKey);
  await followUpTrainAnswer(closed);
  return { task: closed, answer };
}

const answeredBySchema = z.object({ by: z.object({ bureau: bureauCodeSchema, subject: z.string() }), at: z.string() });

/**
 * What follows a train task's answer once the task is closed: the result is stored on the train
 * as its port results (which the hand-over and late consignments read), a failure is reported,
 * then the train-run workflow resumes. Safe to run again (the outbox relay does, after a crash):
 * a result already on the train is neither stored nor reported twice.
 */
export function followUpTrainAnswer(task: PendingTask): Promise<boolean> {
  return finishAnswer(task, async () => {
    const trainId = trainOf(task);
    const answered = answeredBySchema.parse(task.result);
    const kinded = answerForTask(task, taskAnswerSchema.parse({ ...task.result, kind: task.kind }), TRAIN_TASK_KINDS);
    const recorded: TrainPortResults =
      kinded.kind === 'train-quarantine'
        ? { quarantine: quarantineRecord(task.taskId, kinded, answered.by, answered.at) }
        : { radiation: radiationRecord(task.taskId, kinded, answered.by, answered.at) };
    const { train, changed } = await updateTrain(trainId, (current) => {
      const stored = kinded.kind === 'train-quarantine' ? current.portResults?.quarantine : current.portResults?.radiation;
      if (stored?.taskId === task.taskId && stored.at === answered.at) return undefined;
      return { set: { portResults: { ...current.portResults, ...recorded } } };
    });
    if (changed && kinded.outcome === 'fail') {
      const alarms = kinded.kind === 'train-radiation' ? kinded.details.containers.filter((c) => c.radiation === 'alarm').map((c) => c.number) : [];
      await reportTrainNonconformity(train.id, train.portCode, kinded, task, alarms);
    }
    // The hand-over that follows reads the port results from the train.
  }, { resumeIfUnrecorded: false });
}

function trainOf(task: PendingTask): string {
  if (task.trainId === undefined) throw new Error(`task ${task.taskId} has no train`);
  return task.trainId;
}

function quarantineRecord(taskId: string, result: TrainQuarantineTaskResult, by: TrainQuarantineResult['by'], at: string): TrainQuarantineResult {
  const { details } = result;
  return {
    taskId,
    outcome: result.outcome,
    ...(details?.surfaceTreatment !== undefined && { surfaceTreatment: details.surfaceTreatment }),
    ...(details?.containerFindings !== undefined && { containerFindings: details.containerFindings }),
    ...(details?.findings !== undefined && { findings: details.findings }),
    by,
    at,
  };
}

function radiationRecord(taskId: string, result: TrainRadiationTaskResult, by: TrainRadiationResult['by'], at: string): TrainRadiationResult {
  const { details } = result;
  return { taskId, outcome: result.outcome, containers: details.containers, ...(details.findings !== undefined && { findings: details.findings }), by, at };
}

/** 不合格信息通报 (408号 三（八）): a failed train quarantine or a radiation alarm reaches the lead bureau and HQ. */
function reportTrainNonconformity(
  trainId: string,
  portCode: Parameters<typeof leadBureauForPort>[0],
  answer: TrainTaskAnswerInput,
  task: PendingTask,
  alarms: readonly string[],
): Promise<void> {
  return notices().notify(
    [...new Set([task.bureau, leadBureauForPort(portCode), 'HQ'])].map((bureau) => ({
      bureau,
      kind: 'nonconformity',
      title: { zh: '列车检验检疫不合格通报', en: 'Train nonconformity notice' },
      taskId: task.taskId,
      data: { trainId, kind: answer.kind, reportedBy: task.bureau, ...(alarms.length > 0 && { alarmedContainers: alarms }), ...(answer.details && 'findings' in answer.details && { findings: answer.details.findings }) },
    })),
  );
}
