import type { CallerIdentity } from '../../auth/claims.ts';
import { portBureau } from '../../domain/reference/ports.ts';
import { corridorById } from '../../domain/reference/corridors.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { mayManageTrain } from '../../domain/trains/train-access.ts';
import { createTrain, DEFAULT_PRE_ARRIVAL_NOTICE_HOURS, type TrainRegistration, type TrainTimetableChange } from '../../domain/trains/train-registration.ts';
import { planSchedules, timetableProblems, type SchedulePlan } from '../../domain/trains/timetable.ts';
import { actorOf, type Train } from '../../domain/train.ts';
import { notices, repos } from '../ports.ts';
import { trainConsignmentSummaries } from './train-consignments.ts';
import { deleteTrainSchedule, noticeExecutionName, runExecutionName, trainScheduleNames, upsertTrainSchedule } from './train-schedules.ts';
import { updateTrain } from './train-updates.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { now, nowIso } from '../../clock.ts';

const defaultNoticeHours = () => {
  const configured = Number(process.env.PRE_ARRIVAL_NOTICE_HOURS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_PRE_ARRIVAL_NOTICE_HOURS;
};

function refuseUnlessManager(caller: CallerIdentity, train: Pick<Train, 'portBureau' | 'inlandBureau' | 'id'>, what: string): void {
  if (mayManageTrain(caller, train)) return;
  const who = [train.portBureau, train.inlandBureau].filter((b) => b !== undefined).join(' or ');
  throw new NotAllowed(`only an officer of the port bureau or the inland bureau (${who}) may ${what} train ${train.id}`);
}

/**
 * POST /trains: registers a run and arms its schedules. The same run (train number and
 * departure day) registered twice is a 409, not a second set of schedules.
 */
export async function registerTrain(registration: TrainRegistration, caller: CallerIdentity): Promise<{ train: Train; schedules: SchedulePlan }> {
  const inlandBureau = registration.corridorId !== undefined ? corridorById(registration.corridorId)?.originBureau : registration.inlandBureau;
  const draft = createTrain(registration, { at: nowIso(), by: actorOf(caller), defaultNoticeHours: defaultNoticeHours() });
  refuseUnlessManager(caller, { id: draft.id, portBureau: portBureau(registration.portCode), ...(inlandBureau !== undefined && { inlandBureau }) }, 'register');
  const train = await repos().trains.create(draft);
  const schedules = await armSchedules(train);
  return { train: await repos().trains.get(train.id), schedules };
}

/**
 * Makes the Scheduler match the timetable: the pre-arrival notice and the border crossing are
 * scheduled or moved (see `planSchedules`); a notice already sent for this crossing is not.
 */
async function armSchedules(train: Train): Promise<SchedulePlan> {
  const plan = planSchedules(train, now());
  const names = trainScheduleNames(train.id);
  if (plan.preArrivalNotice.kind === 'schedule') {
    await upsertTrainSchedule(
      names.preArrivalNotice,
      plan.preArrivalNotice.at,
      { name: noticeExecutionName(train.id, train.plannedBorderCrossing), input: { mode: 'pre-arrival', trainId: train.id, trigger: 'schedule' } },
      `Pre-arrival notice of train ${train.id} to ${train.portBureau}`,
    );
  } else {
    await deleteTrainSchedule(names.preArrivalNotice);
  }
  if (plan.borderCrossing.kind === 'schedule') {
    await upsertTrainSchedule(
      names.borderCrossing,
      plan.borderCrossing.at,
      { name: runExecutionName(train.id), input: { mode: 'border-crossing', trainId: train.id, trigger: 'schedule' } },
      `Border crossing of train ${train.id} at ${train.portCode}: starts the train run`,
    );
  }
  return plan;
}

/**
 * PATCH /trains/{id}: a timetable change moves the schedules with it; a cancellation deletes
 * them. Once the train is at the border (its run has started) the crossing can no longer move
 * and the run can no longer be cancelled; the arrival time can.
 */
export async function changeTrain(id: string, change: TrainTimetableChange, caller: CallerIdentity): Promise<{ train: Train; schedules?: SchedulePlan }> {
  const existing = await repos().trains.find(id);
  if (!existing) throw new NotFound(`train ${id} does not exist`);
  refuseUnlessManager(caller, existing, 'change');
  if (change.status === 'cancelled') return { train: await cancelTrain(existing, caller, change.reason) };

  const movesCrossing = change.plannedBorderCrossing !== undefined || change.plannedDeparture !== undefined || change.preArrivalNoticeHours !== undefined;
  const { train, before } = await updateTrain(id, (current) => {
    if (current.status === 'cancelled') throw new Conflict(`train ${id} is cancelled`);
    if (movesCrossing && (current.run || current.status !== 'scheduled')) {
      throw new Conflict(`train ${id} has reached the border: only plannedArrival can still change`);
    }
    const timetable = {
      plannedDeparture: change.plannedDeparture ?? current.plannedDeparture,
      plannedBorderCrossing: change.plannedBorderCrossing ?? current.plannedBorderCrossing,
      plannedArrival: change.plannedArrival ?? current.plannedArrival,
    };
    const problems = timetableProblems(timetable);
    if (problems.length > 0) throw new InvalidInput(problems);
    const { status: _status, reason: _reason, ...fields } = change;
    return { set: fields };
  });
  const crossingMoved = Date.parse(before.plannedBorderCrossing) !== Date.parse(train.plannedBorderCrossing);
  const schedules = movesCrossing ? await armSchedules(train) : undefined;
  if (crossingMoved) {
    await notices().notify(
      [...new Set([train.portBureau, ...(train.inlandBureau !== undefined ? [train.inlandBureau] : [])])].map((bureau) => ({
        bureau,
        kind: 'train:rescheduled',
        title: { zh: `班列 ${train.trainNumber} 时刻调整`, en: `Train ${train.trainNumber} rescheduled` },
        data: { trainId: train.id, from: before.plannedBorderCrossing, to: train.plannedBorderCrossing, by: caller.bureau },
      })),
    );
  }
  return { train, ...(schedules && { schedules }) };
}

async function cancelTrain(existing: Train, caller: CallerIdentity, reason: string | undefined): Promise<Train> {
  const at = nowIso();
  const { train, changed } = await updateTrain(existing.id, (current) => {
    if (current.status === 'cancelled') return undefined;
    if (current.run || current.status !== 'scheduled') throw new Conflict(`train ${existing.id} has reached the border and can no longer be cancelled`);
    return { status: 'cancelled', from: 'scheduled', set: { cancellation: { at, by: actorOf(caller), ...(reason !== undefined && { reason }) } } };
  });
  const names = trainScheduleNames(train.id);
  await Promise.all([deleteTrainSchedule(names.preArrivalNotice), deleteTrainSchedule(names.borderCrossing)]);
  if (changed) {
    const linked = await trainConsignmentSummaries(train.id);
    const bureaus = new Set<BureauCode>([train.portBureau, ...(train.inlandBureau !== undefined ? [train.inlandBureau] : []), ...linked.flatMap((c) => c.responsibleBureaus)]);
    await notices().notify(
      [...bureaus].map((bureau) => ({
        bureau,
        kind: 'train:cancelled',
        title: { zh: `班列 ${train.trainNumber} 已取消`, en: `Train ${train.trainNumber} cancelled` },
        data: {
          trainId: train.id,
          ...(reason !== undefined && { reason }),
          consignmentIds: linked.filter((c) => bureau === train.portBureau || c.responsibleBureaus.includes(bureau)).map((c) => c.id),
        },
      })),
    );
  }
  return train;
}
