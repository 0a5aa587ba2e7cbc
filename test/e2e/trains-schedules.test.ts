import { afterAll, describe, expect, it } from 'vitest';
import { stateMachineArn } from '#local/arns.ts';
import { atExpression } from '#shared/domain/trains/timetable.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';
import { awsClients, DAY, HOUR, inboundTrain, iso, trainNotice, type TrainView } from './trains-fixtures.ts';

/**
 * The timetable's schedules, read back through the EventBridge Scheduler API of the local cloud:
 * registration creates them, a timetable change moves them, a cancellation deletes them.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
const clients = { current: undefined as ReturnType<typeof awsClients> | undefined };
const aws = () => (clients.current ??= awsClients(t));
afterAll(() => clients.current?.close());

describe('train timetable schedules (EventBridge Scheduler)', () => {
  it('schedules the pre-arrival notice and the border crossing, both starting the train-run workflow only', async () => {
    const xj = await driver.officer('XJ');
    const crossing = Date.now() + 3 * DAY;
    const registered = await t.call<TrainView & { scheduled: Record<string, { kind: string; at: string }> }>('POST', '/trains', xj, inboundTrain('X8001', crossing));
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.id;
    expect(id).toMatch(/^X8001-\d{8}$/);
    expect(registered.body.scheduled.borderCrossing).toMatchObject({ kind: 'schedule', immediate: false });

    const borderCrossing = await aws().schedule(`${id}-border-crossing`);
    expect(borderCrossing).toMatchObject({
      GroupName: 'TrainTimetable',
      ScheduleExpression: atExpression(iso(crossing)),
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: { Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution', RoleArn: expect.stringMatching(/:role\/.*TrainTimetable/) },
    });
    const target = JSON.parse(borderCrossing?.Target?.Input ?? '{}') as { StateMachineArn: string; Name: string; Input: string };
    expect(target).toMatchObject({ StateMachineArn: stateMachineArn('TrainRun'), Name: `${id}-run` });
    expect(JSON.parse(target.Input)).toEqual({ mode: 'border-crossing', trainId: id, trigger: 'schedule' });

    // Six hours ahead by default (manifest PRE_ARRIVAL_NOTICE_HOURS).
    const notice = await aws().schedule(`${id}-pre-arrival`);
    expect(notice?.ScheduleExpression).toBe(atExpression(iso(crossing - 6 * HOUR)));
    expect(JSON.parse((JSON.parse(notice?.Target?.Input ?? '{}') as { Input: string }).Input)).toMatchObject({ mode: 'pre-arrival', trainId: id });

    // The same run registered again (here by the inland bureau) is refused, not scheduled twice.
    const again = await t.call('POST', '/trains', await driver.officer('CQ'), inboundTrain('X8001', crossing));
    expect(again.status).toBe(409);
  });

  it('moves both schedules when the timetable changes, and deletes them when the run is cancelled', async () => {
    const xj = await driver.officer('XJ');
    const cq = await driver.officer('CQ');
    const crossing = Date.now() + 4 * DAY;
    const { body: train } = await t.call<TrainView>('POST', '/trains', cq, inboundTrain('X8003', crossing));
    const names = [`${train.id}-border-crossing`, `${train.id}-pre-arrival`];
    expect(await aws().scheduleNames(train.id)).toEqual(names);

    const later = crossing + 9 * HOUR;
    const moved = await t.call<TrainView>('PATCH', `/trains/${train.id}`, xj, { plannedBorderCrossing: iso(later), plannedArrival: iso(later + 3 * DAY) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.plannedBorderCrossing).toBe(iso(later));
    expect((await aws().schedule(names[0]!))?.ScheduleExpression).toBe(atExpression(iso(later)));
    expect((await aws().schedule(names[1]!))?.ScheduleExpression).toBe(atExpression(iso(later - 6 * HOUR)));
    await trainNotice(t, cq, 'train:rescheduled', train.id);

    const earlierNotice = await t.call('PATCH', `/trains/${train.id}`, cq, { preArrivalNoticeHours: 12 });
    expect(earlierNotice.status).toBe(200);
    expect((await aws().schedule(names[1]!))?.ScheduleExpression).toBe(atExpression(iso(later - 12 * HOUR)));
    expect((await aws().schedule(names[0]!))?.ScheduleExpression).toBe(atExpression(iso(later)));

    // A change that breaks the order of the timetable is refused and moves nothing.
    const disorder = await t.call<{ errors: Array<{ field: string }> }>('PATCH', `/trains/${train.id}`, xj, { plannedArrival: iso(later - HOUR) });
    expect(disorder.status).toBe(400);
    expect(disorder.body.errors.map((e) => e.field)).toEqual(['body.plannedArrival']);
    expect((await aws().schedule(names[0]!))?.ScheduleExpression).toBe(atExpression(iso(later)));

    const cancelled = await t.call<TrainView>('PATCH', `/trains/${train.id}`, xj, { status: 'cancelled', reason: 'locomotive failure at Dostyk' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await aws().schedule(names[0]!)).toBeUndefined();
    expect(await aws().schedule(names[1]!)).toBeUndefined();
    expect(await aws().scheduleNames(train.id)).toEqual([]);
    await trainNotice(t, cq, 'train:cancelled', train.id);

    expect((await t.call('PATCH', `/trains/${train.id}`, xj, { plannedBorderCrossing: iso(later + HOUR) })).status).toBe(409);
    expect((await t.call('POST', `/trains/${train.id}/events`, xj, { type: 'arrived-at-border' })).status).toBe(409);
    expect(await aws().trainExecutions(train.id)).toEqual([]);
  });

  it('sends the pre-arrival notice at once when its moment has already passed at registration', async () => {
    const xj = await driver.officer('XJ');
    // Crossing in one hour, notice six hours ahead: already late for the notice.
    const { status, body: train } = await t.call<TrainView & { scheduled: { preArrivalNotice: { immediate: boolean; at: string } } }>(
      'POST',
      '/trains',
      xj,
      inboundTrain('X8005', Date.now() + HOUR),
    );
    expect(status).toBe(201);
    expect(train.scheduled.preArrivalNotice.immediate).toBe(true);
    expect(Date.parse(train.scheduled.preArrivalNotice.at) - Date.now()).toBeLessThan(5_000);
    const notice = await trainNotice(t, xj, 'train:pre-arrival', train.id);
    expect(notice.data).toMatchObject({ trainId: train.id, consignments: 0 });
    // The one-time schedule deletes itself once it has fired; the crossing stays scheduled.
    await eventually(async () => ((await aws().schedule(`${train.id}-pre-arrival`)) === undefined ? true : undefined), 'the notice schedule to delete itself');
    expect(await aws().scheduleNames(train.id)).toEqual([`${train.id}-border-crossing`]);
    const sent = await t.call<TrainView>('GET', `/trains/${train.id}`, xj);
    expect(sent.body.preArrivalNotice?.sentAt).toBeDefined();
  });
});
