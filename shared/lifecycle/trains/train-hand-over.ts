import { z } from 'zod';
import { inlandBureauOf, isTerminalStatus, type Consignment } from '../../domain/consignment.ts';
import { taskIdFor } from '../../domain/tasks/task-kinds.ts';
import { completePortResults, describeReasons, exitChecksFromTrain, portChecksFromTrain, type CompletePortResults, type PortChecksAnswer } from '../../domain/trains/port-results.ts';
import type { HandOverOutcome } from '../../domain/trains/run-summary.ts';
import { trainIdSchema, type Train } from '../../domain/train.ts';
import type { EventActor } from '../../data/consignment-records.ts';
import { ConflictError } from '../../data/errors.ts';
import type { PendingTask } from '../../data/task-repository.ts';
import { followUpConsignmentAnswer } from '../consignments/consignment-answers.ts';
import { updateConsignment } from '../consignments/consignment-updates.ts';
import { notices, repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/** Who closes a port-checks task from the train's results; how a later hand-over knows it was done. */
const SYSTEM_TRAIN_SUBJECT = (trainId: string) => `system:train:${trainId}`;

/** The train-run Map's iteration input. */
export const handOverTrainResultsRequestSchema = z.object({ trainId: trainIdSchema, consignmentId: z.string().min(1).max(64), executionArn: z.string().min(1) });

/**
 * Hands a train's port results to one of its consignments (step 3 of the train-run workflow).
 * Also called when a consignment joins a train that has already crossed (linked late) and when
 * an import's port-checks step opens after its train crossed (filed late, or its workflow was
 * still in an earlier state): in both cases the results are already on the train, so the
 * consignment is treated exactly as if the Map had reached it. See `domain/trains/port-results.ts`
 * for what the results stand for.
 *
 * Every path is safe to repeat: the task is closed with a guarded write (only one of the Map,
 * openTask and an officer can close it), events carry idempotency keys.
 */
export async function handOverTrainResults(request: { trainId: string; consignmentId: string; executionArn?: string }): Promise<HandOverOutcome> {
  const [train, consignment] = await Promise.all([repos().trains.get(request.trainId), repos().consignments.get(request.consignmentId)]);
  const results = completePortResults(train.portResults);
  if (!results) throw new Error(`train ${train.id} has no port results to hand over yet`);
  const notApplicable = (reason: string): HandOverOutcome => ({ consignmentId: consignment.id, result: 'not-applicable', reason });
  if (consignment.trainId !== train.id) return notApplicable(`moved to train ${consignment.trainId ?? '(none)'}`);
  const actor: EventActor = { role: 'system', bureau: train.portBureau, subject: request.executionArn ?? SYSTEM_TRAIN_SUBJECT(train.id) };
  // An export rides the train once released (its clearance was verified before exit quarantine).
  if (consignment.direction === 'export') return handOverExit(train, consignment, results, actor);
  if (isTerminalStatus(consignment.status)) return notApplicable(`already ${consignment.status}`);
  return handOverPortChecks(train, consignment, results, actor);
}

/** After a port-checks task opens: complete it now if its train has crossed with results. */
export async function completeFromTrainIfCrossed(consignmentId: string): Promise<HandOverOutcome | undefined> {
  const consignment = await repos().consignments.get(consignmentId);
  if (consignment.trainId === undefined) return undefined;
  const train = await repos().trains.find(consignment.trainId);
  if (!train || !completePortResults(train.portResults)) return undefined;
  return handOverTrainResults({ trainId: train.id, consignmentId });
}

async function handOverPortChecks(train: Train, consignment: Consignment, results: CompletePortResults, actor: EventActor): Promise<HandOverOutcome> {
  const decision = portChecksFromTrain(train.id, consignment.containers.map((c) => c.number), results);
  const taskId = taskIdFor(consignment.id, 'port-checks');
  const task = await repos().tasks.find(taskId);
  if (task && task.status !== 'open') {
    return task.closedBy === SYSTEM_TRAIN_SUBJECT(train.id)
      ? { consignmentId: consignment.id, result: 'port-checks-completed' }
      : { consignmentId: consignment.id, result: 'not-applicable', reason: `port checks already ${task.status} by an officer` };
  }
  if (decision.covered && task) {
    const completed = await completePortChecksFromTrain(task, train, results, decision.answer, actor);
    return completed
      ? { consignmentId: consignment.id, result: 'port-checks-completed' }
      : { consignmentId: consignment.id, result: 'not-applicable', reason: 'port checks answered meanwhile' };
  }
  await recordOnConsignment(consignment.id, train, actor, {
    covered: decision.covered,
    ...(!decision.covered && { reasons: decision.reasons, explanation: describeReasons(decision.reasons) }),
  });
  if (decision.covered) return { consignmentId: consignment.id, result: 'results-recorded' };
  await notices().notify([
    {
      bureau: train.portBureau,
      kind: 'train:port-checks-needed',
      title: { zh: '班列结果不足以完成口岸查验，须人工查验', en: "Train results do not cover this consignment's port checks: an officer must check" },
      consignmentId: consignment.id,
      ...(task && { taskId: task.taskId }),
      data: { trainId: train.id, reasons: decision.reasons, explanation: describeReasons(decision.reasons) },
    },
  ]);
  return { consignmentId: consignment.id, result: 'awaiting-officer', reasons: decision.reasons };
}

/**
 * Closes the port-checks task with the train's results, records it in the consignment's audit
 * trail (crediting the officers who recorded the train results) and resumes the consignment's
 * workflow. `false` when someone else closed the task first.
 */
async function completePortChecksFromTrain(task: PendingTask, train: Train, results: CompletePortResults, answer: PortChecksAnswer, actor: EventActor): Promise<boolean> {
  const at = nowIso();
  const source = {
    trainId: train.id,
    trainQuarantine: { taskId: results.quarantine.taskId, by: results.quarantine.by, at: results.quarantine.at },
    trainRadiation: { taskId: results.radiation.taskId, by: results.radiation.by, at: results.radiation.at },
  };
  const fullAnswer = { ...answer, disposal: null, by: { bureau: train.portBureau, subject: SYSTEM_TRAIN_SUBJECT(train.id) }, at, source };
  let closed: PendingTask;
  try {
    closed = await repos().tasks.close(task.taskId, { status: 'completed', by: SYSTEM_TRAIN_SUBJECT(train.id), result: fullAnswer });
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
  await followUpConsignmentAnswer(closed, actor);
  return true;
}

/** Exports have no port checks; an exit radiation alarm holds the consignment back from this train. */
async function handOverExit(train: Train, consignment: Consignment, results: CompletePortResults, actor: EventActor): Promise<HandOverOutcome> {
  const held = train.clearance?.heldBack.find((h) => h.consignmentId === consignment.id);
  if (held) return { consignmentId: consignment.id, result: 'held-back', reason: held.reason };
  const { alarms, notScanned } = exitChecksFromTrain(consignment.containers.map((c) => c.number), results);
  if (alarms.length === 0) {
    await recordOnConsignment(consignment.id, train, actor, { exitRadiation: 'normal', notScanned, trainQuarantine: results.quarantine.outcome }, 'exit-checks-recorded');
    return { consignmentId: consignment.id, result: 'exit-recorded' };
  }
  const reason = `radiation alarm on ${alarms.join(', ')} at exit`;
  await recordOnConsignment(consignment.id, train, actor, { reason, alarms }, 'held-back-from-train');
  await notices().notify(
    [...new Set([inlandBureauOf(consignment), train.portBureau])].map((bureau) => ({
      bureau,
      kind: 'train:held-back',
      title: { zh: '出境辐射报警，货物暂不随班列出境', en: 'Exit radiation alarm: held back from the train' },
      consignmentId: consignment.id,
      data: { trainId: train.id, alarms },
    })),
  );
  return { consignmentId: consignment.id, result: 'held-back', reason };
}

function recordOnConsignment(consignmentId: string, train: Train, actor: EventActor, data: Record<string, unknown>, type = 'train-results-recorded'): Promise<Consignment> {
  return updateConsignment(consignmentId, () => ({
    event: { type, actor, data: { trainId: train.id, ...data }, idempotencyKey: `${consignmentId}:${type}:${train.id}` },
  }));
}
