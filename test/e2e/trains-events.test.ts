import { afterAll, describe, expect, it } from 'vitest';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';
import { awsClients, DAY, getTrain, inboundTrain, trainNotice, trainTask, type TrainView } from './trains-fixtures.ts';

/**
 * Actual train events (POST /trains/{id}/events): each handled once, whatever the timetable said.
 * At 20× time the schedule an early arrival sets a few seconds ahead fires at once.
 */
const t = useTestCloud({ timeScale: 20 });
const driver = new LifecycleDriver(t);
const clients = { current: undefined as ReturnType<typeof awsClients> | undefined };
const aws = () => (clients.current ??= awsClients(t));
afterAll(() => clients.current?.close());

interface EventAnswer {
  duplicate: boolean;
  status: string;
  run?: string;
  event: { at: string; recordedAt: string; by: { bureau: string } };
}

describe('train events', () => {
  it('starts the run of a train that arrives early, once; a duplicate arrived-at-border does nothing', async () => {
    const xj = await driver.officer('XJ');
    const { body: train } = await t.call<TrainView>('POST', '/trains', xj, inboundTrain('X8101', Date.now() + 2 * DAY));

    const arrival = await t.call<EventAnswer>('POST', `/trains/${train.id}/events`, xj, { type: 'arrived-at-border', remarks: '提前到达 / early' });
    expect(arrival.status, JSON.stringify(arrival.body)).toBe(201);
    expect(arrival.body).toMatchObject({ duplicate: false, status: 'at-border', run: 'starting', event: { by: { bureau: 'XJ' } } });
    const repeat = await t.call<EventAnswer>('POST', `/trains/${train.id}/events`, xj, { type: 'arrived-at-border' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ duplicate: true, event: arrival.body.event });
    expect(repeat.body.run).toBeUndefined();

    // The run starts at once through the border-crossing schedule, moved to now; the notice
    // schedule is gone and the run sends the notice itself.
    expect(await aws().schedule(`${train.id}-pre-arrival`)).toBeUndefined();
    const quarantine = await trainTask(t, xj, train.id, 'train-quarantine');
    expect(quarantine.id).toBe(`${train.id}.train-quarantine`);
    await trainNotice(t, xj, 'train:pre-arrival', train.id);
    await trainNotice(t, xj, 'task:train-quarantine', train.id);

    const late = await t.call<EventAnswer>('POST', `/trains/${train.id}/events`, xj, { type: 'arrived-at-border' });
    expect(late.body.duplicate).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const executions = await aws().trainExecutions(train.id);
    expect(executions.map((e) => [e.name, e.status])).toEqual([[`${train.id}-run`, 'RUNNING']]);
    const view = await getTrain(t, xj, train.id);
    expect(Object.keys(view.actual)).toEqual(['arrived-at-border']);
    expect(view.tasks.map((task) => task.kind)).toEqual(['train-quarantine']);
  });

  it('handles concurrent reports of one arrival exactly once', async () => {
    const xj = await driver.officer('XJ');
    const { body: train } = await t.call<TrainView>('POST', '/trains', xj, inboundTrain('X8103', Date.now() + 2 * DAY));
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.call<EventAnswer>('POST', `/trains/${train.id}/events`, xj, { type: 'arrived-at-border' })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.event.recordedAt)).size).toBe(1);
    await trainTask(t, xj, train.id, 'train-quarantine');
    await trainNotice(t, xj, 'task:train-quarantine', train.id);
    expect((await aws().trainExecutions(train.id)).map((e) => e.name)).toEqual([`${train.id}-run`]);
  });

  it('records departure and arrival in order, each once, by the bureaus that see them', async () => {
    const xj = await driver.officer('XJ');
    const cq = await driver.officer('CQ');
    const { body: train } = await t.call<TrainView>('POST', '/trains', cq, inboundTrain('X8105', Date.now() + 2 * DAY));
    const post = (token: string, body: unknown) => t.call<EventAnswer & { errors?: Array<{ field: string }> }>('POST', `/trains/${train.id}/events`, token, body);

    expect((await post(xj, { type: 'departed-border' })).status).toBe(409);
    expect((await post(cq, { type: 'arrived-at-border' })).status).toBe(403);
    const invalid = await post(xj, { type: 'arrived-somewhere', at: '2024-03-01 10:00' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.map((e) => e.field).sort()).toEqual(['body.at', 'body.type']);
    expect((await t.call('POST', '/trains/NOPE-20240101/events', xj, { type: 'arrived-at-border' })).status).toBe(404);

    expect((await post(xj, { type: 'arrived-at-border', at: new Date(Date.now() - 60_000).toISOString() })).status).toBe(201);
    expect((await post(cq, { type: 'arrived-at-destination' })).status).toBe(409);
    const departed = await post(xj, { type: 'departed-border' });
    expect(departed.status).toBe(201);
    expect(departed.body.status).toBe('departed-border');
    expect((await post(xj, { type: 'departed-border' })).body.duplicate).toBe(true);
    expect((await post(await driver.officer('NM'), { type: 'arrived-at-destination' })).status).toBe(403);
    const destination = await post(cq, { type: 'arrived-at-destination' });
    expect(destination.status).toBe(201);
    expect(destination.body.status).toBe('arrived');

    // The run started with the arrival and now waits for train quarantine (quiet before the cloud stops).
    await trainTask(t, xj, train.id, 'train-quarantine');
    await trainNotice(t, xj, 'task:train-quarantine', train.id);
    const view = await getTrain(t, await driver.hq(), train.id);
    expect(view.run).toBeDefined();
    expect(Object.keys(view.actual).sort()).toEqual(['arrived-at-border', 'arrived-at-destination', 'departed-border']);
    expect(view.status).toBe('arrived');
  });
});
