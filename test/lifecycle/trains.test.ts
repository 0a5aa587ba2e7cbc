import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { trainRegistrationSchema } from '#shared/domain/trains/train-registration.ts';
import { taskAnswerSchema } from '#shared/domain/tasks/task-results.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { Conflict, InvalidInput, NotAllowed } from '#shared/lifecycle/errors.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { openTask } from '#shared/lifecycle/tasks/open-task.ts';
import { taskToAnswer } from '#shared/lifecycle/tasks/task-answer.ts';
import { recordTrainEvent } from '#shared/lifecycle/trains/train-events.ts';
import { changeTrain, registerTrain } from '#shared/lifecycle/trains/train-registration.ts';
import { linkConsignmentToTrain } from '#shared/lifecycle/trains/train-link.ts';
import { completeTrainTask, trainTasks } from '#shared/lifecycle/trains/train-tasks.ts';
import { CREDIT_CODES, importFiling } from '../domain/fixtures.ts';
import { containerNumber, HOUR, inboundTrain as inboundTrainBody } from '../domain/train-bodies.ts';
import { useApplication } from './fakes.ts';

const { schedules, workflows } = useApplication();

const xj: CallerIdentity = { subject: 'officer-xj', bureau: 'XJ', role: 'officer' };
const sc: CallerIdentity = { subject: 'officer-sc', bureau: 'SC', role: 'officer' };

let trainNumbers = 8400;
async function inboundTrain(crossingInHours: number) {
  const registration = trainRegistrationSchema.parse(inboundTrainBody(`X${++trainNumbers}`, Date.now() + crossingInHours * HOUR));
  return (await registerTrain(registration, xj)).train;
}

describe('the timetable on the scheduler', () => {
  it('arms the pre-arrival notice and the border crossing, each starting the one train-run workflow', async () => {
    const train = await inboundTrain(48);
    const crossing = schedules.schedules.get(`${train.id}-border-crossing`);
    expect(crossing).toMatchObject({ at: train.plannedBorderCrossing, stateMachineArn: process.env.TRAIN_RUN_STATE_MACHINE_ARN, executionName: `${train.id}-run`, input: { mode: 'border-crossing', trainId: train.id } });
    expect(schedules.schedules.get(`${train.id}-pre-arrival`)?.input).toMatchObject({ mode: 'pre-arrival', trainId: train.id });
  });

  it('deletes both schedules when the run is cancelled, and refuses a bureau that does not run the train', async () => {
    const train = await inboundTrain(48);
    await expect(changeTrain(train.id, { status: 'cancelled' }, sc)).rejects.toBeInstanceOf(NotAllowed);
    await changeTrain(train.id, { status: 'cancelled' }, xj);
    expect([...schedules.schedules.keys()].filter((name) => name.startsWith(train.id))).toEqual([]);
  });

  it('starts the run now when the train arrives early, once however often the arrival is reported', async () => {
    const train = await inboundTrain(48);
    const first = await recordTrainEvent(train.id, { type: 'arrived-at-border' }, xj);
    expect(first).toMatchObject({ duplicate: false, run: 'starting' });
    expect(schedules.schedules.has(`${train.id}-pre-arrival`)).toBe(false);
    const crossing = schedules.schedules.get(`${train.id}-border-crossing`);
    expect(Date.parse(crossing?.at ?? '')).toBeLessThan(Date.parse(train.plannedBorderCrossing));
    expect(crossing?.input).toMatchObject({ trigger: 'arrival-event' });
    const again = await recordTrainEvent(train.id, { type: 'arrived-at-border' }, xj);
    expect(again.duplicate).toBe(true);
    expect(schedules.schedules.get(`${train.id}-border-crossing`)).toEqual(crossing);
  });
});

describe('train tasks', () => {
  it('stores the radiation monitoring on the train and resumes the run; an inbound quarantine needs the surface treatment', async () => {
    const train = await inboundTrain(2);
    const entry = (kind: 'train-radiation' | 'train-quarantine', token: string) => ({
      taskToken: token,
      trainId: train.id,
      kind,
      bureau: 'XJ' as const,
      leadBureau: 'XJ' as const,
      escalation: 0,
      timeoutSeconds: 7200,
      enteredAt: new Date().toISOString(),
      executionArn: `arn:aws:states:eu-central-1:000000000000:execution:TrainRun:${train.id}-run`,
      stateName: 'AwaitTrainRadiation',
    });
    expect(await openTask(entry('train-radiation', `${train.id}-radiation`), trainTasks)).toBe('opened');
    const radiation = await taskToAnswer(`${train.id}.train-radiation`, xj);
    await completeTrainTask(radiation, taskAnswerSchema.parse({ kind: 'train-radiation', outcome: 'pass', details: { containers: [{ number: 'CSQU3054383', radiation: 'normal' }] } }), xj);
    expect((await repos().trains.get(train.id)).portResults?.radiation).toMatchObject({ outcome: 'pass', by: { bureau: 'XJ' } });
    expect(workflows.answers.get(`${train.id}-radiation`)).toMatchObject({ outcome: 'pass' });

    await openTask(entry('train-quarantine', `${train.id}-quarantine`), trainTasks);
    const quarantine = await taskToAnswer(`${train.id}.train-quarantine`, xj);
    const refused = await completeTrainTask(quarantine, taskAnswerSchema.parse({ kind: 'train-quarantine', outcome: 'pass' }), xj).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).issues.map((i) => i.path)).toEqual(['details.surfaceTreatment']);
    expect((await repos().tasks.get(quarantine.taskId)).status).toBe('open');
  });
});

describe('what a train can carry', () => {
  const importer: CallerIdentity = { subject: 'declarant-1', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
  const smallTrain = async (capacity: number) =>
    (await registerTrain(trainRegistrationSchema.parse({ ...inboundTrainBody(`X${++trainNumbers}`, Date.now() + 48 * HOUR), containerCapacity: capacity }), xj)).train;
  const oneContainer = (i: number) => importFiling({ containers: [{ number: containerNumber(i) }] });

  it('takes concurrent filings up to its capacity and refuses the rest, writing nothing for them', async () => {
    const train = await smallTrain(3);
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => fileConsignment({ ...oneContainer(i), trainId: train.id }, importer)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as unknown);
    expect(refused.every((reason) => reason instanceof Conflict)).toBe(true);
    expect((await repos().consignments.list({ trainId: train.id })).items).toHaveLength(3);
  });

  it('frees a booking when a consignment moves to another train, and drops one an interrupted filing left', async () => {
    const [first, second] = [await smallTrain(1), await smallTrain(1)];
    const moving = await fileConsignment({ ...oneContainer(7), trainId: first.id }, importer);
    await linkConsignmentToTrain(moving.id, second.id, importer);
    expect((await repos().trains.get(first.id)).load).toEqual({});
    await expect(fileConsignment({ ...oneContainer(8), trainId: second.id }, importer)).rejects.toBeInstanceOf(Conflict);

    // A filing that booked its container and died before storing the consignment.
    await repos().trains.change(first.id, { expectedVersion: (await repos().trains.get(first.id)).version, set: { load: { GHOST: { containers: 1, at: '2026-01-01T00:00:00.000Z' } }, booked: 1 } });
    const filed = await fileConsignment({ ...oneContainer(9), trainId: first.id }, importer);
    expect(Object.keys((await repos().trains.get(first.id)).load ?? {})).toEqual([filed.id]);
  });
});
