import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';
import { containerNumber, DAY, getTrain, iso, trainNotice, trainTask, type TrainView } from './trains-fixtures.ts';

/**
 * An outbound train (出口直放): before exit quarantine each export's clearance is verified; what
 * is not cleared, or alarms at the exit channel, is reported and held back.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);

describe('an outbound train run', () => {
  it('verifies clearance before exit quarantine and holds back what is not cleared or alarms', async () => {
    const zj = await driver.officer('ZJ');
    const xj = await driver.officer('XJ');
    const declarant = await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
    const crossing = Date.now() + 3 * DAY;
    // Registered by the origin bureau of the Yiwu–Madrid corridor.
    const registered = await t.call<TrainView>('POST', '/trains', zj, {
      trainNumber: 'X8020',
      direction: 'outbound',
      portCode: 'ALASHANKOU',
      corridorId: 'yiwu-madrid',
      originCity: 'Yiwu',
      destinationCity: 'Madrid',
      plannedDeparture: iso(crossing - 5 * DAY),
      plannedBorderCrossing: iso(crossing),
      plannedArrival: iso(crossing + 12 * DAY),
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.id;

    const containers = [1, 2, 3].map((i) => containerNumber(i, 'YIWU'));
    const [cleared, pending, alarmed] = await Promise.all(
      containers.map((number) => driver.file(declarant, exportFiling({ trainId: id, containers: [{ number }] }))),
    );
    for (const released of [cleared!, alarmed!]) {
      const inspection = await driver.task('ZJ', released.id, 'origin-inspection');
      await driver.complete('ZJ', inspection.id, { outcome: 'pass' });
      expect((await driver.settled(released.id)).clearanceDocument?.issuedBy).toBe('ZJ');
    }
    // An import cannot ride an outbound train.
    const wrongWay = await t.call<{ errors: Array<{ field: string }> }>('POST', '/consignments', await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), {
      ...exportFiling(),
      direction: 'import',
      originBureau: undefined,
      destinationBureau: 'CQ',
      consignor: { name: 'Madrid Importaciones SL', country: 'ES' },
      consignee: { name: '重庆渝欧进出口有限公司', country: 'CN', creditCode: CREDIT_CODES.chongqingImporter },
      trainId: id,
    });
    expect(wrongWay.status).toBe(400);
    expect(wrongWay.body.errors.map((e) => e.field)).toEqual(['body.trainId']);

    // The train is at the border early: the run starts and verifies clearance first.
    expect((await t.call('POST', `/trains/${id}/events`, xj, { type: 'arrived-at-border' })).status).toBe(201);
    const heldNotice = await trainNotice(t, zj, 'train:held-back', id);
    expect(heldNotice.data?.heldBack).toEqual([{ consignmentId: pending!.id, status: 'awaiting-origin-inspection', reason: expect.stringContaining('not yet released') }]);

    // Exit quarantine: no surface treatment record is needed on the way out.
    const quarantine = await trainTask(t, xj, id, 'train-quarantine');
    expect(quarantine.input?.heldBack).toHaveLength(1);
    await driver.complete('XJ', quarantine.id, { outcome: 'pass' });
    const radiation = await trainTask(t, xj, id, 'train-radiation');
    await driver.complete('XJ', radiation.id, {
      outcome: 'fail',
      details: { containers: containers.map((number) => ({ number, radiation: number === containers[2] ? 'alarm' : 'normal' })) },
    });

    const summary = await trainNotice(t, zj, 'train:run-summary', id);
    expect(summary.data?.counts).toMatchObject({ 'exit-recorded': 1, 'held-back': 2 });
    const train = await getTrain(t, zj, id);
    // Both released exports were cleared; one of them then alarmed at the exit channel.
    expect(train.clearance?.cleared.sort()).toEqual([cleared!.id, alarmed!.id].sort());
    expect(train.runSummary?.heldBack.map((h) => h.consignmentId).sort()).toEqual([pending!.id, alarmed!.id].sort());

    expect((await driver.consignment(cleared!.id)).events.map((e) => e.type)).toContain('exit-checks-recorded');
    expect((await driver.consignment(pending!.id)).events.map((e) => e.type)).toContain('held-back-from-train');
    const alarmEvent = (await driver.consignment(alarmed!.id)).events.find((e) => e.type === 'held-back-from-train');
    expect(alarmEvent?.data).toMatchObject({ trainId: id, alarms: [containers[2]] });
    await eventually(async () => {
      const inbox = await t.call<{ items: Array<{ kind: string; consignmentId?: string }> }>('GET', '/notifications?limit=100', zj);
      return inbox.body.items.some((n) => n.kind === 'train:held-back' && n.consignmentId === alarmed!.id) ? true : undefined;
    }, 'the exit alarm notice');

    // The held-back export can ride a later train; this one has left with its clearance checked.
    const late = await t.call('PUT', `/consignments/${pending!.id}/train`, declarant, { trainId: id });
    expect(late.status).toBe(409);
  });
});
