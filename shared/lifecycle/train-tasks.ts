import type { CallerIdentity } from '../auth/claims.ts';
import type { BureauCode } from '../domain/codes.ts';
import { TASK_TITLES, type TrainTaskKind } from '../domain/tasks/task-kinds.ts';
import { trainResultProblems, trainTaskResultSchema, type TrainTaskResult } from '../domain/tasks/task-results.ts';
import { manifestSummary } from '../domain/trains/manifest-summary.ts';
import type { TrainQuarantineResult, TrainRadiationResult } from '../domain/train.ts';
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

/**
 * The port officer's answer to a train task: validated per kind (400 naming fields), recorded
 * once (409 for a second answer), stored on the train as its port results (which the hand-over
 * and late consignments read), then handed to the waiting train-run workflow.
 */
export async function completeTrainTask(task: PendingTask & { trainId: string }, kind: TrainTaskKind, caller: CallerIdentity, body: unknown): Promise<{ task: PendingTask; answer: TrainTaskAnswer }> {
  const result = parsePart('body', trainTaskResultSchema(kind), body);
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

  const recorded = kind === 'train-quarantine' ? quarantineRecord(task.taskId, result, by, at) : radiationRecord(task.taskId, result, by, at);
  await updateTrain(task.trainId, (current) => ({
    set: { portResults: { ...current.portResults, ...(kind === 'train-quarantine' ? { quarantine: recorded as TrainQuarantineResult } : { radiation: recorded as TrainRadiationResult }) } },
  }));
  if (result.outcome === 'fail') await reportTrainNonconformity(train.id, train.portCode, kind, task, answer);
  await answerCallback(closed.taskToken, answer);
  return { task: closed, answer };
}

function quarantineRecord(taskId: string, result: TrainTaskResult, by: TrainQuarantineResult['by'], at: string): TrainQuarantineResult {
  const details = (result.details ?? {}) as { surfaceTreatment?: 'done' | 'not-needed'; containerFindings?: Array<{ number: string; finding: string }>; findings?: string };
  return {
    taskId,
    outcome: result.outcome,
    ...(details.surfaceTreatment !== undefined && { surfaceTreatment: details.surfaceTreatment }),
    ...(details.containerFindings !== undefined && { containerFindings: details.containerFindings }),
    ...(details.findings !== undefined && { findings: details.findings }),
    by,
    at,
  };
}

function radiationRecord(taskId: string, result: TrainTaskResult, by: TrainRadiationResult['by'], at: string): TrainRadiationResult {
  const details = result.details as { containers: TrainRadiationResult['containers']; findings?: string };
  return { taskId, outcome: result.outcome, containers: details.containers, ...(details.findings !== undefined && { findings: details.findings }), by, at };
}

/** 不合格信息通报 (408号 三（八）): a failed train quarantine or a radiation alarm reaches the lead bureau and HQ. */
function reportTrainNonconformity(trainId: string, portCode: Parameters<typeof leadBureauForPort>[0], kind: TrainTaskKind, task: PendingTask, answer: TrainTaskAnswer): Promise<void> {
  const alarms = kind === 'train-radiation' ? (answer.details as { containers: Array<{ number: string; radiation: string }> }).containers.filter((c) => c.radiation === 'alarm').map((c) => c.number) : [];
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
