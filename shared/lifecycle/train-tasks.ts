import type { CallerIdentity } from '../auth/claims.ts';
import type { BureauCode } from '../domain/codes.ts';
import { TASK_TITLES, type TrainTaskKind } from '../domain/tasks/task-kinds.ts';
import {
  trainResultProblems,
  trainTaskResultSchema,
  type TrainQuarantineTaskResult,
  type TrainRadiationTaskResult,
  type TrainTaskResult,
} from '../domain/tasks/task-results.ts';
import { manifestSummary } from '../domain/trains/manifest-summary.ts';
import type { TrainPortResults, TrainQuarantineResult, TrainRadiationResult } from '../domain/train.ts';
import { leadBureauForPort } from '../domain/reference/ports.ts';
import { ConflictError } from '../data/errors.ts';
import type { PendingTask } from '../data/task-repository.ts';
import { conflict, validationProblem } from '../http/api-problem.ts';
import { parsePart } from '../http/request-parts.ts';
import { notifyBureaus } from '../messaging/bureau-notices.ts';
import { repos } from './repositories.ts';
import { answerCallback } from './callbacks.ts';
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
export async function recordTrainTask(task: NewTrainTask): Promise<void> {
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
  await notifyBureaus([
    { bureau: task.bureau, kind: `task:${task.kind}`, title: TASK_TITLES[task.kind], taskId: task.taskId, data: { dueAt: task.dueAt, trainId: train.id } },
  ]);
}

/** What the train-run workflow receives as the callback task's result. */
export type TrainTaskAnswer = TrainTaskResult & { by: { bureau: string; subject: string }; at: string };

/** A train task result with its kind, so each kind is handled with its own schema's type. */
type KindedResult = { kind: 'train-quarantine'; result: TrainQuarantineTaskResult } | { kind: 'train-radiation'; result: TrainRadiationTaskResult };

function parseTrainTaskResult(kind: TrainTaskKind, body: unknown): KindedResult {
  return kind === 'train-quarantine'
    ? { kind, result: parsePart('body', trainTaskResultSchema(kind), body) }
    : { kind, result: parsePart('body', trainTaskResultSchema(kind), body) };
}

/**
 * The port officer's answer to a train task: validated per kind (400 naming fields), recorded
 * once (409 for a second answer), stored on the train as its port results (which the hand-over
 * and late consignments read), then handed to the waiting train-run workflow.
 */
export async function completeTrainTask(task: PendingTask & { trainId: string }, kind: TrainTaskKind, caller: CallerIdentity, body: unknown): Promise<{ task: PendingTask; answer: TrainTaskAnswer }> {
  const kinded = parseTrainTaskResult(kind, body);
  const result: TrainTaskResult = kinded.result;
  const train = await repos().trains.get(task.trainId);
  const problems = trainResultProblems(kind, result, train);
  if (problems.length > 0) throw validationProblem(problems.map((p) => ({ field: `body.${p.path}`, message: p.message })));

  const at = new Date().toISOString();
  const by = { bureau: task.bureau, subject: caller.subject };
  const answer: TrainTaskAnswer = { ...result, by, at };
  let closed: PendingTask;
  try {
    closed = await repos().tasks.close(task.taskId, { status: 'completed', by: caller.subject, result: { ...answer } });
  } catch (error) {
    if (error instanceof ConflictError) throw conflict(`task ${task.taskId} was completed by someone else`);
    throw error;
  }

  const recorded: TrainPortResults =
    kinded.kind === 'train-quarantine' ? { quarantine: quarantineRecord(task.taskId, kinded.result, by, at) } : { radiation: radiationRecord(task.taskId, kinded.result, by, at) };
  await updateTrain(task.trainId, (current) => ({ set: { portResults: { ...current.portResults, ...recorded } } }));
  if (result.outcome === 'fail') {
    const alarms = kinded.kind === 'train-radiation' ? kinded.result.details.containers.filter((c) => c.radiation === 'alarm').map((c) => c.number) : [];
    await reportTrainNonconformity(train.id, train.portCode, kind, task, answer, alarms);
  }
  await answerCallback(closed.taskToken, answer);
  return { task: closed, answer };
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
  kind: TrainTaskKind,
  task: PendingTask,
  answer: TrainTaskAnswer,
  alarms: readonly string[],
): Promise<void> {
  return notifyBureaus(
    [...new Set([task.bureau, leadBureauForPort(portCode), 'HQ'])].map((bureau) => ({
      bureau,
      kind: 'nonconformity',
      title: { zh: '列车检验检疫不合格通报', en: 'Train nonconformity notice' },
      taskId: task.taskId,
      data: { trainId, kind, reportedBy: answer.by.bureau, ...(alarms.length > 0 && { alarmedContainers: alarms }), ...(answer.details && 'findings' in answer.details && { findings: answer.details.findings }) },
    })),
  );
}
