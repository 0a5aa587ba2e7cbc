import { z } from 'zod';
import type { CallerIdentity } from '../../auth/claims.ts';
import { bilingual } from '../../domain/text.ts';
import { mayRecordTrainEvent } from '../../domain/trains/train-access.ts';
import { decideTrainEvent, trainEventRemarksSchema } from '../../domain/trains/train-events.ts';
import { scheduledMoment } from '../../domain/trains/timetable.ts';
import { actorOf, TRAIN_EVENT_TYPES, type Train, type TrainEventRecord } from '../../domain/train.ts';
import { timestampSchema } from '../../domain/validators/timestamp.ts';
import { repos, workflows } from '../ports.ts';
import { deleteTrainSchedule, runExecutionName, trainScheduleNames, upsertTrainSchedule } from './train-schedules.ts';
import { updateTrain } from './train-updates.ts';
import { Conflict, NotAllowed, NotFound } from '../errors.ts';
import { now, nowIso } from '../../clock.ts';

/** POST /trains/{id}/events. */
export const trainEventSchema = z.object({
  type: z.enum(TRAIN_EVENT_TYPES, { error: bilingual('事件须为 arrived-at-border、departed-border 或 arrived-at-destination', 'type must be arrived-at-border, departed-border or arrived-at-destination') }),
  /** When it happened; defaults to when it is recorded. */
  at: timestampSchema.optional(),
  remarks: trainEventRemarksSchema.optional(),
});
export type TrainEventInput = z.infer<typeof trainEventSchema>;

export interface TrainEventAnswer {
  trainId: string;
  type: TrainEventInput['type'];
  /** True when the event had been recorded before: nothing was done this time. */
  duplicate: boolean;
  event: TrainEventRecord;
  status: Train['status'];
  /** For `arrived-at-border`: how the train run went on. */
  run?: 'starting' | 'resumed' | 'already-running';
}

/**
 * Records what actually happened to a train, once. The event is written to the train item under
 * its version guard, so of two reports of the same event exactly one is handled; the other is a
 * duplicate that does nothing (no second workflow, no second notice).
 *
 * `arrived-at-border` drives the run whatever the timetable said: a train early for its
 * schedule starts its run now (and its schedules are deleted); a train late for its schedule
 * resumes the run that has been waiting for it.
 */
export async function recordTrainEvent(trainId: string, input: TrainEventInput, caller: CallerIdentity): Promise<TrainEventAnswer> {
  const existing = await repos().trains.find(trainId);
  if (!existing) throw new NotFound(`train ${trainId} does not exist`);
  if (!mayRecordTrainEvent(caller, existing, input.type)) {
    throw new NotAllowed(
      input.type === 'arrived-at-destination'
        ? `only an officer of bureau ${[existing.portBureau, existing.inlandBureau].filter(Boolean).join(' or ')} may record the arrival of train ${trainId}`
        : `only an officer of the port bureau ${existing.portBureau} may record ${input.type} for train ${trainId}`,
    );
  }
  const recordedAt = nowIso();
  const record: TrainEventRecord = {
    at: input.at ?? recordedAt,
    recordedAt,
    by: actorOf(caller),
    ...(input.remarks !== undefined && { remarks: input.remarks }),
  };
  const { train, changed, before } = await updateTrain(trainId, (current) => {
    const decision = decideTrainEvent(current, input.type);
    if (decision.kind === 'refused') throw new Conflict(decision.reason);
    if (decision.kind === 'duplicate') return undefined;
    return { status: decision.status, set: { actual: { ...current.actual, [input.type]: record } } };
  });
  const event = train.actual[input.type] ?? record;
  const answer: TrainEventAnswer = { trainId, type: input.type, duplicate: !changed, event, status: train.status };
  if (!changed || input.type !== 'arrived-at-border') return answer;

  if (before.arrivalWait) {
    await workflows().answer(before.arrivalWait.taskToken, { arrivedAt: event.at, recordedBy: event.by });
    return { ...answer, run: 'resumed' };
  }
  if (before.run) return { ...answer, run: 'already-running' };
  // Early: the border-crossing schedule is moved to now, so the run starts at once, through
  // the one path that starts runs (and under the one execution name a train's run may have).
  // The run sends the pre-arrival notice itself if it had not gone yet.
  const names = trainScheduleNames(trainId);
  const moment = scheduledMoment(nowIso(), now());
  await deleteTrainSchedule(names.preArrivalNotice);
  await upsertTrainSchedule(
    names.borderCrossing,
    moment.at,
    { name: runExecutionName(trainId), input: { mode: 'border-crossing', trainId, trigger: 'arrival-event' } },
    `Train ${trainId} arrived at the border: starts the train run`,
  );
  return { ...answer, run: 'starting' };
}
