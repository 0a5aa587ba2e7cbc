import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const CONTAINER = 'CSQU3054383';
const SEAL = 'DE-0001';

/** Rotterdam → sea → Lianyungang (Jiangsu bureau) → rail → Chongqing. */
const seaRail = () =>
  importFiling({
    transportMode: 'sea-rail',
    journey: {
      legs: [
        { mode: 'sea', from: { city: 'Rotterdam', country: 'NL' }, to: { point: 'LIANYUNGANG-PORT' } },
        { mode: 'rail', from: { point: 'LIANYUNGANG-PORT' }, to: { point: 'CHONGQING-RAIL' } },
      ],
    },
  });

/** Duisburg → rail → Alashankou → rail → Zhengzhou airport (Henan bureau) → air → Chongqing airport. */
const railAir = () =>
  importFiling({
    transportMode: 'rail-air',
    journey: {
      legs: [
        { mode: 'rail', from: { city: 'Duisburg', country: 'DE' }, to: { point: 'ALASHANKOU' } },
        { mode: 'rail', from: { point: 'ALASHANKOU' }, to: { point: 'ZHENGZHOU-AIRPORT' } },
        { mode: 'air', from: { point: 'ZHENGZHOU-AIRPORT' }, to: { point: 'CHONGQING-AIRPORT' } },
      ],
    },
  });

const sealsChecked = (sealNumber = SEAL, sealIntact = true) => ({ containers: [{ number: CONTAINER, sealNumber, sealIntact }] });

interface PlannedView {
  inspectionPlan: {
    portChecks: { bureau: string } | null;
    journey: { border: { bureau: string }; handOver: { bureau: string; point: string }; legs: Array<{ bureaus: Array<{ bureau: string; role: string }> }> };
    reasons: Array<{ code: string }>;
  };
  portBureau: string;
  responsibleBureaus: string[];
}

describe('multimodal chains under one supervision (408号 三（九）), end to end', () => {
  it('sea–rail: the seaport does the port checks, records the hand-over with the seals checked, and the destination inspects as for rail', async () => {
    const filed = await driver.file(await declarant(), seaRail());
    const planned = (await t.call<PlannedView>('GET', `/consignments/${filed.id}`, await driver.hq())).body;
    expect(planned.portBureau).toBe('JS');
    expect(planned.inspectionPlan.portChecks?.bureau).toBe('JS');
    expect(planned.inspectionPlan.journey.legs.map((leg) => leg.bureaus.map((b) => `${b.bureau}:${b.role}`))).toEqual([['JS:port-checks', 'JS:hand-over'], ['CQ:destination-inspection']]);
    expect(planned.inspectionPlan.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['MULTIMODAL_PORT_OF_ENTRY', 'MULTIMODAL_HAND_OVER', 'MULTIMODAL_INLAND_AS_RAIL']));

    const portChecks = await driver.task('JS', filed.id, 'port-checks');
    await driver.complete('JS', portChecks.id, passedPortChecks([CONTAINER]));
    const handOver = await driver.task('JS', filed.id, 'mode-hand-over');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-hand-over');
    // A pass over a seal that is not the declared one is refused, naming the field.
    const wrongSeal = await t.call('POST', `/tasks/${encodeURIComponent(handOver.id)}/complete`, await driver.officer('JS'), { outcome: 'pass', details: sealsChecked('XX-9') });
    expect(wrongSeal.status).toBe(400);
    expect(JSON.stringify(wrongSeal.body)).toContain('outcome');
    await driver.complete('JS', handOver.id, { outcome: 'pass', details: sealsChecked() });

    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'pass' });
    const released = await driver.settled(filed.id);
    expect(released.status).toBe('released');
    expect(released.events.map((e) => e.type)).toEqual([
      'filed', 'task-opened', 'port-checks-completed', 'task-opened', 'mode-hand-over-completed', 'task-opened', 'destination-inspection-completed', 'released',
    ]);
  });

  it('rail–air: a seal mismatch at the airport hand-over rejects the goods before they fly', async () => {
    const filed = await driver.file(await declarant(), railAir());
    const planned = (await t.call<PlannedView>('GET', `/consignments/${filed.id}`, await driver.hq())).body;
    expect(planned.responsibleBureaus).toEqual(['XJ', 'CQ', 'HA']);
    expect(planned.inspectionPlan.journey.handOver).toMatchObject({ bureau: 'HA', point: 'ZHENGZHOU-AIRPORT' });

    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    await driver.complete('XJ', portChecks.id, passedPortChecks([CONTAINER]));
    const handOver = await driver.task('HA', filed.id, 'mode-hand-over');
    // The hand-over bureau sees the consignment it acts on.
    expect((await t.call('GET', `/consignments/${filed.id}`, await driver.officer('HA'))).status).toBe(200);
    await driver.complete('HA', handOver.id, { outcome: 'fail', details: { ...sealsChecked('DE-0001-BROKEN', false), disposal: 'return', findings: 'seal replaced between rail and air' } });
    const rejected = await driver.settled(filed.id);
    expect(rejected.status).toBe('rejected');
    const cqTasks = await t.call<{ items: Array<{ consignmentId: string }> }>('GET', '/tasks?limit=100', await driver.officer('CQ'));
    expect(cqTasks.body.items.some((task) => task.consignmentId === filed.id)).toBe(false);
  });

  it('refuses a journey that does not hold together, naming the leg, and files nothing', async () => {
    const before = await driver.consignmentCount();
    const broken = seaRail();
    const refused = await t.call('POST', '/consignments', await declarant(), { ...broken, destinationBureau: 'SC', consignee: broken.consignee }, { 'Idempotency-Key': 'multimodal-broken' });
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    expect(JSON.stringify(refused.body)).toContain('journey.legs.1.to.point');
    expect(await driver.consignmentCount()).toBe(before);
  });

  it('export rail–sea: origin inspection, then the hand-over at Ningbo, then release', async () => {
    const exporter = await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
    const filed = await driver.file(
      exporter,
      exportFiling({
        transportMode: 'sea-rail',
        containers: [{ number: 'MSKU1234565', sealNumber: 'ZJ-0001' }],
        journey: {
          legs: [
            { mode: 'rail', from: { point: 'YIWU-RAIL' }, to: { point: 'NINGBO-PORT' } },
            { mode: 'sea', from: { point: 'NINGBO-PORT' }, to: { city: 'Hamburg', country: 'DE' } },
          ],
        },
      }),
    );
    const origin = await driver.task('ZJ', filed.id, 'origin-inspection');
    await driver.complete('ZJ', origin.id, { outcome: 'pass' });
    const handOver = await driver.task('NB', filed.id, 'mode-hand-over');
    await driver.complete('NB', handOver.id, { outcome: 'pass', details: { containers: [{ number: 'MSKU1234565', sealNumber: 'ZJ-0001', sealIntact: true }] } });
    const released = await driver.settled(filed.id);
    expect(released.status).toBe('released');
    expect(released.clearanceDocument?.issuedBy).toBe('ZJ');
  });
});
