import { z } from 'zod';
import { inlandBureauOf } from '../../domain/consignment.ts';
import { leadBureauForPort } from '../../domain/reference/ports.ts';
import { TASK_DEADLINE_SECONDS } from '../../domain/tasks/task-kinds.ts';
import { clearanceVerdict } from '../../domain/trains/clearance.ts';
import { handOverOutcomeSchema, runSummary } from '../../domain/trains/run-summary.ts';
import { trainIdSchema, type Train, type TrainClearanceCheck, type TrainDirection } from '../../domain/train.ts';
import { updateConsignment } from '../consignments/consignment-updates.ts';
import { notices, repos, workflows } from '../ports.ts';
import { trainConsignments, trainConsignmentSummaries } from './train-consignments.ts';
import { recordTrainExecution, trainBureaus } from './train-executions.ts';
import { sendPreArrivalNoticeOf } from './train-notice.ts';
import { updateTrain } from './train-updates.ts';
import { nowIso } from '../../clock.ts';

/**
 * The steps of the train-run workflow (`workflows/train-run.asl.json`) other than the officer
 * tasks: claim the run, wait for the train, verify exports' clearance, list the consignments to
 * hand results to, and close the run with its summary. Each is idempotent (Step Functions runs a
 * step at least once).
 */
const executionArnSchema = z.string().min(1);

/** How long a run waits for a late train before each "overdue" notice. */
const ARRIVAL_OVERDUE_SECONDS = 2 * 3600;

export const preArrivalNoticeRequestSchema = z.object({ trainId: trainIdSchema, executionArn: executionArnSchema });

export const beginTrainRunRequestSchema = z.object({ trainId: trainIdSchema, executionArn: executionArnSchema, trigger: z.string().min(1).max(40) });

export interface TrainRunFacts {
  proceed: boolean;
  reason?: string;
  trainId: string;
  direction?: TrainDirection;
  portBureau?: string;
  leadBureau?: string;
  arrived?: boolean;
  deadlines?: Record<string, number>;
  arrivalOverdueSeconds?: number;
}

/**
 * The first step of a border-crossing run. Only one execution runs a train: its ARN is set on
 * the train once (version-guarded), and any other execution ends at once. A train cancelled
 * meanwhile is not run. The run is filed in the execution index for HQ review.
 */
export async function beginTrainRun(request: z.infer<typeof beginTrainRunRequestSchema>): Promise<TrainRunFacts> {
  const found = await repos().trains.find(request.trainId);
  if (!found) return { proceed: false, reason: 'unknown-train', trainId: request.trainId };
  if (found.status === 'cancelled') return { proceed: false, reason: 'cancelled', trainId: found.id };
  const startedAt = nowIso();
  const { train } = await updateTrain(found.id, (current) =>
    current.run || current.status === 'cancelled' ? undefined : { set: { run: { executionArn: request.executionArn, startedAt, trigger: request.trigger } } },
  );
  if (train.run?.executionArn !== request.executionArn) {
    return { proceed: false, reason: train.run ? `train already run by ${train.run.executionArn}` : 'cancelled', trainId: train.id };
  }
  const consignments = await trainConsignmentSummaries(train.id);
  await recordTrainExecution(train, request.executionArn, trainBureaus(train, consignments), train.run.startedAt);
  // The train came before its notice (early, or a short lead): the port still gets the summary first.
  await sendPreArrivalNoticeOf(train);
  return {
    proceed: true,
    trainId: train.id,
    direction: train.direction,
    portBureau: train.portBureau,
    leadBureau: leadBureauForPort(train.portCode),
    arrived: train.actual['arrived-at-border'] !== undefined,
    deadlines: TASK_DEADLINE_SECONDS,
    arrivalOverdueSeconds: ARRIVAL_OVERDUE_SECONDS,
  };
}

export const awaitTrainArrivalRequestSchema = z.object({
  taskToken: z.string().min(1),
  trainId: trainIdSchema,
  executionArn: executionArnSchema,
  /** Overdue deadlines passed so far; 0 on first entry. */
  overdue: z.number().int().nonnegative(),
});

/**
 * The border-crossing schedule fired but the train has not arrived: the run waits for the
 * `arrived-at-border` event, which answers the token stored here. The token and the event meet
 * on the train item under its version guard, so whichever comes second answers; an overdue
 * train is reported to the port and inland bureaus each time the wait times out.
 */
export async function awaitTrainArrival(request: z.infer<typeof awaitTrainArrivalRequestSchema>): Promise<'arrived' | 'waiting'> {
  const since = nowIso();
  const { train, changed } = await updateTrain(request.trainId, (current) =>
    current.actual['arrived-at-border'] || current.arrivalWait?.taskToken === request.taskToken ? undefined : { set: { arrivalWait: { taskToken: request.taskToken, since } } },
  );
  const arrival = train.actual['arrived-at-border'];
  if (arrival) {
    await workflows().answer(request.taskToken, { arrivedAt: arrival.at, recordedBy: arrival.by });
    return 'arrived';
  }
  if (changed && request.overdue > 0) {
    await notices().notify(
      trainBureaus(train).map((bureau) => ({
        bureau,
        kind: 'train:overdue',
        title: { zh: `班列 ${train.trainNumber} 逾期未到达口岸`, en: `Train ${train.trainNumber} is overdue at the border` },
        data: { trainId: train.id, plannedBorderCrossing: train.plannedBorderCrossing, level: request.overdue },
      })),
    );
  }
  return 'waiting';
}

export const trainStepRequestSchema = z.object({ trainId: trainIdSchema, executionArn: executionArnSchema });

/**
 * 出口直放 (step 5): before exit quarantine, each export on the train must have been released
 * with its clearance document. The others are held back: their audit trail says so, and their
 * origin bureau and the port bureau are told, one notice per bureau.
 */
export async function verifyTrainClearance(request: z.infer<typeof trainStepRequestSchema>): Promise<{ cleared: number; heldBack: TrainClearanceCheck['heldBack'] }> {
  const train = await repos().trains.get(request.trainId);
  const consignments = await trainConsignments(train.id);
  const check: TrainClearanceCheck = { checkedAt: nowIso(), cleared: [], heldBack: [] };
  const byBureau = new Map<string, string[]>();
  for (const consignment of consignments) {
    const verdict = clearanceVerdict(consignment);
    if (verdict.cleared) {
      check.cleared.push(consignment.id);
      continue;
    }
    check.heldBack.push({ consignmentId: consignment.id, status: consignment.status, reason: verdict.reason });
    await updateConsignment(consignment.id, () => ({
      event: {
        type: 'held-back-from-train',
        actor: { role: 'system', bureau: train.portBureau, subject: request.executionArn },
        data: { trainId: train.id, reason: verdict.reason },
        idempotencyKey: `${consignment.id}:held-back-from-train:${train.id}`,
      },
    }));
    for (const bureau of new Set([inlandBureauOf(consignment), train.portBureau])) byBureau.set(bureau, [...(byBureau.get(bureau) ?? []), consignment.id]);
  }
  await updateTrain(train.id, () => ({ set: { clearance: check } }));
  await notices().notify(
    [...byBureau].map(([bureau, consignmentIds]) => ({
      bureau,
      kind: 'train:held-back',
      title: { zh: `未放行货物不随班列 ${train.trainNumber} 出境`, en: `Not cleared: held back from train ${train.trainNumber}` },
      data: { trainId: train.id, heldBack: check.heldBack.filter((h) => consignmentIds.includes(h.consignmentId)) },
    })),
  );
  return { cleared: check.cleared.length, heldBack: check.heldBack };
}

export const listTrainConsignmentsRequestSchema = z.object({ trainId: trainIdSchema });

/**
 * The consignments to hand the results to, read after both train results are recorded: a
 * consignment linked after this read finds the results on the train itself (train-link.ts).
 */
export async function listTrainConsignmentIds(request: z.infer<typeof listTrainConsignmentsRequestSchema>): Promise<{ consignmentIds: string[] }> {
  return { consignmentIds: (await trainConsignmentSummaries(request.trainId)).map((c) => c.id) };
}

export const closeTrainRunRequestSchema = trainStepRequestSchema.extend({
  outcomes: z.array(handOverOutcomeSchema),
});

/**
 * Step 4: the summary of the run goes to the port bureau, the lead bureau and the destination
 * (inland) bureaus, and stays on the train. The execution index learns every bureau involved.
 */
export async function closeTrainRun(request: z.infer<typeof closeTrainRunRequestSchema>): Promise<Record<string, unknown>> {
  const summary = runSummary(request.outcomes);
  const completedAt = nowIso();
  const recordedOf = (current: Train) => {
    const results = current.portResults;
    return {
      ...summary,
      trainQuarantine: results?.quarantine ? { outcome: results.quarantine.outcome, surfaceTreatment: results.quarantine.surfaceTreatment, taskId: results.quarantine.taskId } : null,
      radiation: results?.radiation
        ? { outcome: results.radiation.outcome, scanned: results.radiation.containers.length, alarms: results.radiation.containers.filter((c) => c.radiation === 'alarm').map((c) => c.number) }
        : null,
      ...(current.clearance && { clearance: { cleared: current.clearance.cleared.length, heldBack: current.clearance.heldBack } }),
      completedAt,
    };
  };
  const { train, before } = await updateTrain(request.trainId, (current) => ({
    set: { runSummary: recordedOf(current), ...(current.run && { run: { ...current.run, completedAt } }) },
  }));
  // `before` is the version the summary was built from and written over.
  const recorded = recordedOf(before);
  const bureaus = trainBureaus(train, await trainConsignmentSummaries(train.id));
  await notices().notify(
    bureaus.map((bureau) => ({
      bureau,
      kind: 'train:run-summary',
      title: { zh: `班列 ${train.trainNumber} 口岸作业汇总`, en: `Border summary: train ${train.trainNumber}` },
      data: { trainId: train.id, direction: train.direction, portCode: train.portCode, ...recorded },
    })),
  );
  await recordTrainExecution(train, request.executionArn, bureaus, train.run?.startedAt);
  return { trainId: train.id, consignments: summary.consignments, counts: summary.counts };
}
