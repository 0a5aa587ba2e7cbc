import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);

describe('who may do what', () => {
  it('refuses a task completion from another bureau (403) and from a declarant (403), and the task stays open', async () => {
    const filed = await driver.file(await declarant(), importFiling());
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const body = passedPortChecks(['CSQU3054383']);
    for (const token of [await driver.officer('NM'), await driver.officer('CQ'), await declarant()]) {
      const response = await t.call('POST', `/tasks/${task.id}/complete`, token, body);
      expect(response.status).toBe(403);
      expect(response.contentType).toBe('application/problem+json');
    }
    expect((await driver.task('XJ', filed.id, 'port-checks')).id).toBe(task.id);
  });

  it('refuses a filing for another enterprise or by an officer of another bureau', async () => {
    const other = await driver.declarant('CQ', CREDIT_CODES.urumqiTrader);
    expect((await t.call('POST', '/consignments', other, importFiling())).status).toBe(403);
    expect((await t.call('POST', '/consignments', await driver.officer('SC'), importFiling())).status).toBe(403);
    expect((await t.call('POST', '/consignments', await driver.officer('CQ'), importFiling())).status).toBe(201);
  });

  it('hides a consignment from bureaus and enterprises it does not involve', async () => {
    const filed = await driver.file(await declarant(), importFiling());
    expect((await t.call('GET', `/consignments/${filed.id}`, await driver.officer('HL'))).status).toBe(403);
    expect((await t.call('GET', `/consignments/${filed.id}/history`, await driver.officer('HL'))).status).toBe(403);
    expect((await t.call('GET', `/consignments/${filed.id}`, await driver.declarant('XJ', CREDIT_CODES.urumqiTrader))).status).toBe(403);
    expect((await t.call('GET', `/consignments/${filed.id}`, await driver.officer('XJ'))).status).toBe(200);
    expect((await t.call('GET', '/consignments?bureau=CQ', await driver.officer('XJ'))).status).toBe(403);
  });

  it('answers 401 problem+json without a valid token', async () => {
    const response = await t.call('GET', '/tasks', 'not-a-token');
    expect(response.status).toBe(401);
    expect(response.contentType).toBe('application/problem+json');
  });
});

describe('bad input', () => {
  it('answers 400 problem+json naming each failing field, and writes nothing', async () => {
    const before = await driver.consignmentCount();
    const filing = importFiling({ containers: [{ number: 'CSQU3054384' }] });
    const bad = { ...filing, goods: [{ ...filing.goods[0], hsCode: '12' }], portCode: 'SHANGHAI' };
    const response = await t.call<{ type: string; status: number; errors: Array<{ field: string; message: string }> }>('POST', '/consignments', await declarant(), bad);
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.type).toBe('urn:cr-express:problem:validation');
    const fields = response.body.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.portCode', 'body.goods.0.hsCode', 'body.containers.0.number']));
    expect(response.body.errors.find((e) => e.field === 'body.containers.0.number')?.message).toMatch(/check digit|校验/);
    expect(await driver.consignmentCount()).toBe(before);
  });

  it('answers 400 for a body that is not JSON, naming the body', async () => {
    const response = await t.call<{ errors: Array<{ field: string }> }>('POST', '/consignments', await declarant(), '{"direction":');
    expect(response.status).toBe(400);
    expect(response.body.errors[0]?.field).toBe('body');
  });

  it('refuses port checks that leave out a container or pass an alarmed one, and the task stays open', async () => {
    const filed = await driver.file(await declarant(), importFiling({ containers: [{ number: 'CSQU3054383' }, { number: 'MSKU1234565' }] }));
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const xj = await driver.officer('XJ');
    const partial = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${task.id}/complete`, xj, passedPortChecks(['CSQU3054383']));
    expect(partial.status).toBe(400);
    expect(partial.body.errors.map((e) => e.field)).toContain('body.details.containers');
    const alarmed = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${task.id}/complete`, xj, {
      outcome: 'pass',
      details: { containers: ['CSQU3054383', 'MSKU1234565'].map((number, i) => ({ number, radiation: i === 0 ? 'alarm' : 'normal', quarantine: 'pass', treatment: 'done' })) },
    });
    expect(alarmed.status).toBe(400);
    expect(alarmed.body.errors.map((e) => e.field)).toContain('body.outcome');
    const failedWithoutDisposal = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${task.id}/complete`, xj, { ...passedPortChecks(['CSQU3054383', 'MSKU1234565']), outcome: 'fail' });
    expect(failedWithoutDisposal.body.errors.map((e) => e.field)).toContain('body.details.disposal');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-checks');
  });

  it('takes an answer that names its kind, and refuses one that names another kind, naming body.kind', async () => {
    const filed = await driver.file(await declarant(), importFiling());
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const xj = await driver.officer('XJ');
    const wrongKind = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${task.id}/complete`, xj, { kind: 'destination-inspection', outcome: 'pass' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors.map((e) => e.field)).toEqual(['body.kind']);
    const unknownKind = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${task.id}/complete`, xj, { kind: 'customs-clearance', outcome: 'pass' });
    expect(unknownKind.body.errors.map((e) => e.field)).toEqual(['body.kind']);
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-checks');
    const named = await t.call('POST', `/tasks/${task.id}/complete`, xj, { kind: 'port-checks', ...passedPortChecks(['CSQU3054383']) });
    expect(named.status).toBe(200);
  });
});

describe('repeated and concurrent requests', () => {
  it('answers a second completion of the same task with 409, and the workflow moves on once', async () => {
    const filed = await driver.file(await declarant(), importFiling());
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const body = passedPortChecks(['CSQU3054383']);
    const xj = await driver.officer('XJ');
    const answers = await Promise.all([1, 2, 3].map(() => t.call('POST', `/tasks/${task.id}/complete`, xj, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const again = await t.call('POST', `/tasks/${task.id}/complete`, xj, body);
    expect(again.status).toBe(409);
    await driver.task('CQ', filed.id, 'destination-inspection');
    const events = (await driver.consignment(filed.id)).events.map((e) => e.type);
    expect(events.filter((e) => e === 'port-checks-completed')).toHaveLength(1);
  });

  it('replays the first answer to a filing retried with the same Idempotency-Key and files it once', async () => {
    const before = await driver.consignmentCount();
    const headers = { 'idempotency-key': 'filing-2016-408-0001' };
    const token = await declarant();
    const first = await t.call<{ id: string }>('POST', '/consignments', token, importFiling(), headers);
    const retries = await Promise.all([1, 2].map(() => t.call<{ id: string }>('POST', '/consignments', token, importFiling(), headers)));
    expect(first.status).toBe(201);
    for (const retry of retries) {
      expect([201, 409]).toContain(retry.status);
      if (retry.status === 201) expect(retry.body.id).toBe(first.body.id);
    }
    const later = await t.call<{ id: string }>('POST', '/consignments', token, importFiling(), headers);
    expect(later.status).toBe(201);
    expect(later.body.id).toBe(first.body.id);
    expect(await driver.consignmentCount()).toBe(before + 1);

    const reused = await t.call('POST', '/consignments', token, importFiling({ tradeMode: 'postal' }), headers);
    expect(reused.status).toBe(422);
  });
});

describe('listing consignments (GET /consignments)', () => {
  it('filters by direction and status and pages with nextToken, each consignment once', async () => {
    const token = await declarant();
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) ids.add((await driver.file(token, importFiling())).id);
    const hq = await driver.hq();
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await t.call<{ items: Array<{ id: string; direction: string }>; nextToken?: string }>(
        'GET', `/consignments?direction=import&limit=2${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, hq,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      expect(page.body.items.every((c) => c.direction === 'import')).toBe(true);
      seen.push(...page.body.items.map((c) => c.id));
      nextToken = page.body.nextToken;
    } while (nextToken);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);

    const exports = await t.call<{ items: unknown[] }>('GET', '/consignments?direction=export', hq);
    expect(exports.body.items).toEqual([]);
    const bad = await t.call<{ errors: Array<{ field: string }> }>('GET', '/consignments?status=lost&limit=1000', hq);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['query.limit', 'query.status']);
    const tampered = await t.call('GET', '/consignments?nextToken=bm90LWEtdG9rZW4', hq);
    expect(tampered.status).toBe(400);
  });

  it("shows a bureau only its own consignments and a declarant only its enterprise's", async () => {
    const own = await driver.file(await declarant(), importFiling());
    const otherEnterprise = await driver.file(await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter), exportFiling({ portCode: 'MANZHOULI' }));
    const ids = async (token: string) => {
      const listing = await t.call<{ items: Array<{ id: string }> }>('GET', '/consignments?limit=100', token);
      expect(listing.status).toBe(200);
      return listing.body.items.map((c) => c.id);
    };
    const heilongjiang = await ids(await driver.officer('HL'));
    expect(heilongjiang).not.toContain(own.id);
    expect(heilongjiang).not.toContain(otherEnterprise.id);
    expect(await ids(await driver.officer('NM'))).toContain(otherEnterprise.id);
    expect(await ids(await driver.officer('NM'))).not.toContain(own.id);
    const mine = await ids(await declarant());
    expect(mine).toContain(own.id);
    expect(mine).not.toContain(otherEnterprise.id);
  });
});
