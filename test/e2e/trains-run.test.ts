import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecutionIndexRepository } from '#shared/data/execution-index-repository.ts';
import { atExpression } from '#shared/domain/trains/timetable.ts';
import { CREDIT_CODES, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';
import { awsClients, containerNumber, DAY, getTrain, inboundTrain, iso, trainNotice, trainTask, type TrainView } from './trains-fixtures.ts';

/**
 * One inbound train with 50 consignments, end to end through the API, the Scheduler and the
 * train-run workflow, at 300× time: the border crossing is 40 virtual minutes (8 s) away once
 * the timetable is moved, while the consignments' own 4-hour port-check deadlines (48 s) stay
 * out of the way.
 */
const TIME_SCALE = 300;
const t = useTestCloud({ timeScale: TIME_SCALE });
const driver = new LifecycleDriver(t);
const MINUTE = 60_000;

describe('a train run (班列运行) of 50 consignments', () => {
  const aws = { current: undefined as ReturnType<typeof awsClients> | undefined };
  afterAll(() => aws.current?.close());

  it('notifies the port before arrival, quarantines and scans the train once, and completes every unalarmed port check from those results', { timeout: 60_000 }, async () => {
    const clients = (aws.current = awsClients(t));
    const xj = await driver.officer('XJ');
    const cq = await driver.officer('CQ');
    const declarant = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    const now = () => t.cloud.clock.now();

    // Registered two days ahead, so nothing fires while the consignments are filed; room for the
    // fifty containers filed up front and the two consignments that join after the crossing.
    const registered = await t.call<TrainView>('POST', '/trains', xj, inboundTrain('X9050', now() + 2 * DAY, { containerCapacity: 52 }));
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.id;

    const containers = Array.from({ length: 52 }, (_, i) => containerNumber(i + 1));
    const bulk = new Set([10, 20]);
    const filing = (i: number, trainId?: string) =>
      importFiling({
        ...(trainId !== undefined && { trainId }),
        containers: [{ number: containers[i]!, sealNumber: `DE-${i}` }],
        ...(bulk.has(i) && { goods: [goodsLine({ hsCode: '260111', description: 'iron ore / 铁矿砂', categories: ['bulk'] })] }),
      });
    const ids: string[] = [];
    for (let start = 0; start < 50; start += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, k) => driver.file(declarant, filing(start + k, id))));
      ids.push(...batch.map((c) => c.id));
    }
    // Filed before the crossing but put on the train only afterwards (PUT /consignments/{id}/train).
    const linkedLate = await driver.file(declarant, filing(51));
    const alarmed = { id: ids[37]!, container: containers[37]! };
    const bulkIds = [...bulk].map((i) => ids[i]!).sort();

    // The timetable moves: the crossing in 40 virtual minutes, the notice 15 minutes before it.
    const crossing = now() + 40 * MINUTE;
    const moved = await t.call('PATCH', `/trains/${id}`, xj, { plannedBorderCrossing: iso(crossing), preArrivalNoticeHours: 0.25 });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await clients.schedule(`${id}-border-crossing`))?.ScheduleExpression).toBe(atExpression(iso(crossing)));
    expect((await clients.schedule(`${id}-pre-arrival`))?.ScheduleExpression).toBe(atExpression(iso(crossing - 15 * MINUTE)));

    // 1. Pre-arrival notice: the manifest summary reaches the port bureau.
    const notice = await trainNotice(t, xj, 'train:pre-arrival', id, 30_000);
    expect(notice.data).toMatchObject({ trainId: id, consignments: 50, containers: { count: 50 } });
    expect(notice.data?.exceptedCategories).toEqual([{ category: 'bulk', consignmentIds: expect.arrayContaining(bulkIds) }]);
    expect((notice.data?.plannedPortInspections as Array<{ consignmentId: string }>).map((p) => p.consignmentId).sort()).toEqual(bulkIds);

    // 2. The crossing schedule starts the run; the train is late, so the run waits for it.
    const started = await eventually(async () => ((await getTrain(t, xj, id)).run ? getTrain(t, xj, id) : undefined), 'the run to start', 30_000);
    expect(started.status).toBe('scheduled');
    expect(started.run?.executionArn).toMatch(new RegExp(`:execution:TrainRun:${id}-run$`));
    const arrived = await t.call<{ duplicate: boolean; run: string }>('POST', `/trains/${id}/events`, xj, { type: 'arrived-at-border' });
    expect(arrived.status, JSON.stringify(arrived.body)).toBe(201);
    expect(['resumed', 'already-running']).toContain(arrived.body.run);
    const repeated = await t.call<{ duplicate: boolean }>('POST', `/trains/${id}/events`, xj, { type: 'arrived-at-border' });
    expect(repeated.status).toBe(200);
    expect(repeated.body.duplicate).toBe(true);

    // 3. Train quarantine, once for the whole train, by the port bureau.
    const quarantine = await trainTask(t, xj, id, 'train-quarantine');
    expect(quarantine.input?.containers).toHaveLength(50);
    const noTreatment = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${quarantine.id}/complete`, xj, { outcome: 'pass' });
    expect(noTreatment.status).toBe(400);
    expect(noTreatment.body.errors.map((e) => e.field)).toEqual(['body.details.surfaceTreatment']);
    await driver.complete('XJ', quarantine.id, { outcome: 'pass', details: { surfaceTreatment: 'done' } });

    // 4. Radiation monitoring of the whole train, one batch, one alarmed container. The batch also
    // holds the containers of the two consignments not on the manifest yet (one filed late, one
    // linked late): the channel scans what is on the train.
    const radiation = await trainTask(t, xj, id, 'train-radiation');
    const batch = containers.map((number) => ({ number, radiation: number === alarmed.container ? 'alarm' : 'normal' }));
    const passOverAlarm = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${radiation.id}/complete`, xj, { outcome: 'pass', details: { containers: batch } });
    expect(passOverAlarm.status).toBe(400);
    expect(passOverAlarm.body.errors.map((e) => e.field)).toEqual(['body.outcome']);
    expect((await t.call('POST', `/tasks/${radiation.id}/complete`, await driver.officer('NM'), { outcome: 'fail', details: { containers: batch } })).status).toBe(403);
    await driver.complete('XJ', radiation.id, { outcome: 'fail', details: { containers: batch, findings: 'channel monitor alarm / 通道监测报警' } });

    // 5. The summary reaches the port (and lead) bureau and the destination bureau.
    const summary = await trainNotice(t, cq, 'train:run-summary', id, 30_000);
    expect(summary.data?.counts).toMatchObject({ 'port-checks-completed': 49, 'awaiting-officer': 1 });
    expect(summary.data?.awaitingOfficer).toEqual([{ consignmentId: alarmed.id, reasons: [{ code: 'radiation-alarm', containers: [alarmed.container] }] }]);
    expect(summary.data?.radiation).toMatchObject({ outcome: 'fail', scanned: 52, alarms: [alarmed.container] });
    await trainNotice(t, xj, 'train:run-summary', id);

    // Every other consignment went on without a second officer action; the alarmed one waits.
    const hq = await driver.hq();
    const settled = await eventually(async () => {
      const train = await getTrain(t, hq, id);
      return train.consignmentCounts.byStatus['awaiting-destination-inspection'] === 47 ? train : undefined;
    }, 'the consignments to move past their port checks', 20_000);
    expect(settled.consignmentCounts).toEqual({
      total: 50,
      byStatus: { 'awaiting-destination-inspection': 47, 'awaiting-port-inspection': 2, 'awaiting-port-checks': 1 },
    });
    expect(settled.consignments.find((c) => c.id === alarmed.id)?.status).toBe('awaiting-port-checks');
    for (const bulkId of bulkIds) expect(settled.consignments.find((c) => c.id === bulkId)?.status).toBe('awaiting-port-inspection');
    expect(settled.runSummary?.counts['port-checks-completed']).toBe(49);

    const handedOver = await driver.consignment(ids[0]!);
    const completion = handedOver.events.find((e) => e.type === 'port-checks-completed');
    expect(completion?.data).toMatchObject({ completedFrom: 'train-results', trainId: id, outcome: 'pass', details: { containers: [{ number: containers[0], radiation: 'normal', quarantine: 'pass', treatment: 'done' }] } });
    expect(completion?.data?.trainRadiation).toMatchObject({ taskId: radiation.id, by: { bureau: 'XJ' } });

    const waiting = await driver.consignment(alarmed.id);
    expect(waiting.openTasks.map((task) => task.kind)).toEqual(['port-checks']);
    expect(waiting.events.find((e) => e.type === 'train-results-recorded')?.data).toMatchObject({ covered: false, reasons: [{ code: 'radiation-alarm' }] });
    const portTask = await driver.task('XJ', alarmed.id, 'port-checks');
    await driver.complete('XJ', portTask.id, {
      outcome: 'fail',
      details: { containers: [{ number: alarmed.container, radiation: 'alarm', quarantine: 'pass', treatment: 'done' }], disposal: 'return' },
    });
    expect((await driver.settled(alarmed.id)).status).toBe('rejected');

    // Filed after the crossing: its port checks complete the moment they open.
    const filedLate = await driver.file(declarant, filing(50, id));
    const lateView = await eventually(async () => {
      const c = await driver.consignment(filedLate.id);
      return c.status === 'awaiting-destination-inspection' ? c : undefined;
    }, 'the late consignment to pass its port checks');
    expect(lateView.events.find((e) => e.type === 'port-checks-completed')?.data).toMatchObject({ completedFrom: 'train-results' });

    // Linked after the crossing: the results are handed over at once.
    expect((await driver.consignment(linkedLate.id)).status).toBe('awaiting-port-checks');
    const link = await t.call<{ handOver: { result: string } }>('PUT', `/consignments/${linkedLate.id}/train`, declarant, { trainId: id });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.handOver.result).toBe('port-checks-completed');
    await eventually(async () => ((await driver.consignment(linkedLate.id)).status === 'awaiting-destination-inspection' ? true : undefined), 'the linked consignment to move on');

    // One run, one notice, both in the execution index for HQ review.
    const executions = await clients.trainExecutions(id);
    expect(executions.map((e) => e.name).sort()).toEqual([`${id}-notice-${iso(crossing).replaceAll(/[-:]|\.\d{3}/g, '')}`, `${id}-run`].sort());
    const indexed = await new ExecutionIndexRepository().list({ trainId: id }, { limit: 100 });
    const runRef = indexed.items.find((e) => e.name === `${id}-run`);
    expect(runRef?.bureaus).toEqual(expect.arrayContaining(['XJ', 'CQ']));
    expect(indexed.items.some((e) => e.name === `${id}-notice-${iso(crossing).replaceAll(/[-:]|\.\d{3}/g, '')}`)).toBe(true);

    const history: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.run!.executionArn, maxResults: 1000, nextToken }));
      history.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const entered = history.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
    expect(entered.filter((name) => name !== 'HandOverToConsignment')).toEqual([
      'Mode', 'BeginRun', 'ShouldRun', 'AwaitArrival', 'ByDirection', 'AwaitTrainQuarantine', 'AwaitTrainRadiation', 'ListConsignments', 'HandOver', 'Summarise',
    ]);
    expect(entered.filter((name) => name === 'HandOverToConsignment')).toHaveLength(50);
    expect(entered).toHaveLength(60);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');

    // Quiet before the cloud stops: the late consignments' next tasks are announced.
    for (const late of [filedLate.id, linkedLate.id]) {
      await eventually(async () => {
        const inbox = await t.call<{ items: Array<{ kind: string; consignmentId?: string }> }>('GET', '/notifications?limit=100', cq);
        return inbox.body.items.some((n) => n.consignmentId === late && n.kind === 'task:destination-inspection') ? true : undefined;
      }, 'the destination inspection notice');
    }
  });
});
