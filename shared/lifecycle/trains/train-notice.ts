import { manifestSummary } from '../../domain/trains/manifest-summary.ts';
import { noticeSentForCrossing } from '../../domain/trains/timetable.ts';
import type { Train } from '../../domain/train.ts';
import { notices, repos } from '../ports.ts';
import { trainConsignments } from './train-consignments.ts';
import { recordTrainExecution } from './train-executions.ts';
import { updateTrain } from './train-updates.ts';
import { nowIso } from '../../clock.ts';

export type NoticeOutcome = { sent: true } | { sent: false; reason: 'unknown-train' | 'cancelled' | 'already-sent' };

/**
 * 预到通知: the port bureau gets the manifest summary of a train before it reaches the border
 * (containers, excepted categories aboard, planned port inspections), once per planned crossing.
 * Sent by the pre-arrival schedule, at once when that moment had passed at registration, or at
 * the start of the run when the train came before its notice. At least once: the notice is
 * published before it is marked sent, so a step that fails in between repeats it rather than
 * losing it.
 */
export async function sendPreArrivalNotice(request: { trainId: string; executionArn?: string }): Promise<NoticeOutcome> {
  const train = await repos().trains.find(request.trainId);
  if (!train) return { sent: false, reason: 'unknown-train' };
  return sendPreArrivalNoticeOf(train, request.executionArn);
}

/** The same, for a train the caller has just read. */
export async function sendPreArrivalNoticeOf(train: Train, executionArn?: string): Promise<NoticeOutcome> {
  if (train.status === 'cancelled') return { sent: false, reason: 'cancelled' };
  if (noticeSentForCrossing(train)) return { sent: false, reason: 'already-sent' };

  const consignments = await trainConsignments(train.id);
  const summary = manifestSummary(consignments);
  await notices().notify([
    {
      bureau: train.portBureau,
      kind: 'train:pre-arrival',
      title: { zh: `班列 ${train.trainNumber} 预到通知`, en: `Pre-arrival notice: train ${train.trainNumber}` },
      data: {
        trainId: train.id,
        trainNumber: train.trainNumber,
        direction: train.direction,
        portCode: train.portCode,
        plannedBorderCrossing: train.plannedBorderCrossing,
        plannedArrival: train.plannedArrival,
        ...summary,
      },
    },
  ]);
  const sentAt = nowIso();
  await updateTrain(train.id, (current) =>
    noticeSentForCrossing(current)
      ? undefined
      : { set: { preArrivalNotice: { sentAt, forCrossing: current.plannedBorderCrossing, ...(executionArn !== undefined && { executionArn }) } } },
  );
  if (executionArn !== undefined) await recordTrainExecution(train, executionArn, [train.portBureau]);
  return { sent: true };
}
