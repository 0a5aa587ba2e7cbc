import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { beijingDay } from '#shared/domain/trains/train-registration.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';
import { containerNumber, DAY, HOUR, inboundTrain, iso, type TrainView } from './trains-fixtures.ts';

/** The train routes' guards: bad input is a 400 naming each field, the wrong bureau a 403. */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
type Problem = { type: string; errors?: Array<{ field: string; message: string }> };

describe('train routes', () => {
  it('refuses a bad registration, naming each field', async () => {
    const xj = await driver.officer('XJ');
    const crossing = Date.now() + 2 * DAY;
    const response = await t.call<Problem>('POST', '/trains', xj, {
      ...inboundTrain('x 80', crossing),
      direction: 'north',
      corridorId: 'nowhere-express',
      plannedDeparture: '2024-03-01 10:00',
      plannedArrival: iso(crossing - HOUR),
      preArrivalNoticeHours: -1,
    });
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.errors?.map((e) => e.field).sort()).toEqual([
      'body.direction',
      'body.plannedDeparture',
      'body.preArrivalNoticeHours',
      'body.trainNumber',
    ]);

    // Once each field is well-formed, the cross-field rules name theirs.
    const disorder = await t.call<Problem>('POST', '/trains', xj, { ...inboundTrain('X8201', crossing), corridorId: 'nowhere-express', plannedArrival: iso(crossing - HOUR) });
    expect(disorder.body.errors?.map((e) => e.field).sort()).toEqual(['body.corridorId', 'body.plannedArrival']);
    const offCorridor = await t.call<Problem>('POST', '/trains', xj, { ...inboundTrain('X8201', crossing), portCode: 'MANZHOULI' });
    expect(offCorridor.body.errors?.map((e) => e.field)).toEqual(['body.portCode']);
    const unknownField = await t.call<Problem>('PATCH', '/trains/X8201-20240101', xj, { trainNumber: 'X9' });
    expect(unknownField.status).toBe(400);
  });

  it('lets only the port bureau and the inland bureau register and change a run; HQ and every officer read it', async () => {
    const crossing = Date.now() + 2 * DAY;
    const body = inboundTrain('X8203', crossing);
    for (const [who, token] of [
      ['another bureau (NM)', await driver.officer('NM')],
      ['HQ', await driver.hq()],
      ['a declarant', await driver.declarant('CQ', CREDIT_CODES.chongqingImporter)],
    ] as const) {
      const refused = await t.call<Problem>('POST', '/trains', token, body);
      expect(refused.status, who).toBe(403);
      expect(refused.body.type).toBe('urn:cr-express:problem:forbidden');
    }
    const registered = await t.call<TrainView>('POST', '/trains', await driver.officer('CQ'), body);
    expect(registered.status).toBe(201);
    const id = registered.body.id;
    expect(registered.body).toMatchObject({ portBureau: 'XJ', inlandBureau: 'CQ', status: 'scheduled', preArrivalNoticeHours: 6 });

    expect((await t.call('PATCH', `/trains/${id}`, await driver.officer('SC'), { plannedArrival: iso(crossing + 4 * DAY) })).status).toBe(403);
    expect((await t.call('PATCH', `/trains/${id}`, await driver.officer('XJ'), { plannedArrival: iso(crossing + 4 * DAY) })).status).toBe(200);
    expect((await t.call('PATCH', `/trains/${id}`, await driver.officer('XJ'), { status: 'departed' })).status).toBe(400);
    expect((await t.call('PATCH', '/trains/X0000-20000101', await driver.officer('XJ'), { plannedArrival: iso(crossing) })).status).toBe(404);

    expect((await t.call('GET', `/trains/${id}`, await driver.hq())).status).toBe(200);
    expect((await t.call('GET', `/trains/${id}`, await driver.officer('HL'))).status).toBe(200);
    expect((await t.call('GET', `/trains/${id}`, await driver.declarant('CQ', CREDIT_CODES.chongqingImporter))).status).toBe(403);
    expect((await t.call('GET', '/trains/X0000-20000101', await driver.hq())).status).toBe(404);
  });

  it('lists runs by border-crossing day and port, paged', async () => {
    const xj = await driver.officer('XJ');
    // 10:00 Beijing time five days ahead, so that the three crossings two hours apart fall on one
    // Beijing day whatever the time the test runs (from 22:00 Beijing on, now + 2 h is tomorrow).
    const crossing = Math.floor((Date.now() + 5 * DAY + 8 * HOUR) / DAY) * DAY - 8 * HOUR + 10 * HOUR;
    for (const [number, offset] of [['X8301', 0], ['X8302', HOUR], ['X8303', 2 * HOUR]] as const) {
      expect((await t.call('POST', '/trains', xj, inboundTrain(number, crossing + offset))).status).toBe(201);
    }
    const nm = await driver.officer('NM');
    expect((await t.call('POST', '/trains', nm, { ...inboundTrain('X8304', crossing), portCode: 'MANZHOULI', corridorId: 'suzhou-warsaw' })).status).toBe(201);
    const date = beijingDay(iso(crossing));
    const firstPage = await t.call<{ items: TrainView[]; nextToken?: string }>('GET', `/trains?date=${date}&port=ALASHANKOU&limit=2`, await driver.hq());
    expect(firstPage.status).toBe(200);
    const secondPage = await t.call<{ items: TrainView[]; nextToken?: string }>('GET', `/trains?date=${date}&port=ALASHANKOU&limit=2&nextToken=${firstPage.body.nextToken}`, await driver.hq());
    expect(firstPage.body.items).toHaveLength(2);
    expect([...firstPage.body.items, ...secondPage.body.items].map((train) => train.id.slice(0, 5))).toEqual(['X8301', 'X8302', 'X8303']);
    expect(secondPage.body.nextToken).toBeUndefined();
    const wholeDay = await t.call<{ items: TrainView[] }>('GET', `/trains?date=${date}&limit=100`, nm);
    expect(wholeDay.body.items.map((train) => train.id.slice(0, 5))).toEqual(expect.arrayContaining(['X8301', 'X8302', 'X8303', 'X8304']));
    const byPort = await t.call<{ items: TrainView[] }>('GET', '/trains?port=MANZHOULI', nm);
    expect(byPort.body.items.map((train) => train.id.slice(0, 5))).toEqual(['X8304']);
    const bad = await t.call<Problem>('GET', '/trains?date=01-03-2024&port=ODESSA', xj);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['query.date', 'query.port']);
  });

  it('links consignments only to a train they can ride, by a party to the consignment', async () => {
    const xj = await driver.officer('XJ');
    const declarant = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    const crossing = Date.now() + 2 * DAY;
    const { body: alashankou } = await t.call<TrainView>('POST', '/trains', xj, inboundTrain('X8401', crossing));
    const { body: manzhouli } = await t.call<TrainView>('POST', '/trains', await driver.officer('NM'), { ...inboundTrain('X8402', crossing), portCode: 'MANZHOULI', corridorId: 'suzhou-warsaw' });

    const unknown = await t.call<Problem>('POST', '/consignments', declarant, importFiling({ trainId: 'X0000-20000101', containers: [{ number: containerNumber(401) }] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.map((e) => e.field)).toEqual(['body.trainId']);

    const filed = await driver.file(declarant, importFiling({ containers: [{ number: containerNumber(402) }] }));
    const otherPort = await t.call<Problem>('PUT', `/consignments/${filed.id}/train`, declarant, { trainId: manzhouli.id });
    expect(otherPort.status).toBe(400);
    expect(otherPort.body.errors?.map((e) => e.field)).toEqual(['body.trainId']);
    expect((await t.call('PUT', `/consignments/${filed.id}/train`, await driver.officer('NM'), { trainId: alashankou.id })).status).toBe(403);
    expect((await t.call('PUT', `/consignments/${filed.id}/train`, await driver.hq(), { trainId: alashankou.id })).status).toBe(403);
    expect((await t.call('PUT', '/consignments/NOPE/train', declarant, { trainId: alashankou.id })).status).toBe(404);

    const linked = await t.call<{ trainId: string; changed: boolean }>('PUT', `/consignments/${filed.id}/train`, declarant, { trainId: alashankou.id });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ trainId: alashankou.id, changed: true });
    expect((await t.call<{ changed: boolean }>('PUT', `/consignments/${filed.id}/train`, xj, { trainId: alashankou.id })).body.changed).toBe(false);

    // The port bureau sees every consignment on the train; another bureau only its own.
    const asPort = await t.call<TrainView>('GET', `/trains/${alashankou.id}`, xj);
    expect(asPort.body.consignments.map((c) => c.id)).toEqual([filed.id]);
    expect(asPort.body.consignments[0]?.status).toBe('awaiting-port-checks');
    const asOther = await t.call<TrainView>('GET', `/trains/${alashankou.id}`, await driver.officer('HL'));
    expect(asOther.body.consignments).toEqual([]);
    expect(asOther.body.consignmentCounts.total).toBe(1);
    expect((await driver.consignment(filed.id)).events.map((e) => e.type)).toContain('linked-to-train');
  });
});
