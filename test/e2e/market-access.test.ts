import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

/**
 * Market access and designated sites (408号 三（三）) through the API: HQ keeps both registers,
 * every caller reads them, and filing applies them as they are at that moment — a product under
 * access from a country without one is refused naming the goods line's field, with the rule and
 * the reason code, and nothing is written; the access conditions (designated site or port
 * inspection, permit, heightened level) flow into the inspection plan.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
type Problem = { type: string; status: number; errors?: Array<{ field: string; message: string; code?: string; rule?: string }> };
type Reason = { code: string; text: { zh: string; en: string }; refs?: string[]; goodsLines?: number[]; rule: string };
type Plan = { portInspection: boolean; destinationInspection: { level: string } | null; reasons: Reason[] };
type Filed = { id: string; inspectionPlan: Plan };
type Entry = { id: string; version: number; status: string; registeredBy?: unknown; history?: Array<{ version: number; action: string; changes: Record<string, unknown> }> };

const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const logs = (originCountry: string) => goodsLine({ hsCode: '440320', description: 'spruce logs / 云杉原木', quantity: 60, unit: 'MTQ', netWeightKg: 40000, originCountry, categories: ['plant-product'] });
const accessReasons = (plan: Plan) => plan.reasons.filter((r) => r.code.startsWith('MARKET_ACCESS_'));

const LOGS_RU = {
  id: 'LOGS-RU',
  country: 'RU',
  product: { zh: '针叶原木', en: 'coniferous logs' },
  scope: { hsPrefixes: ['4403'] },
  conditions: { designatedSite: 'logs', minimumInspectionLevel: 'intensified' },
  validFrom: '2024-01-01T00:00:00Z',
};

async function fileLogs(originCountry: string) {
  return t.call<Filed & Problem>('POST', '/consignments', await importer(), importFiling({ goods: [logs(originCountry)] }));
}

describe('market access at filing', () => {
  it('refuses a country without access, routes by the designated sites, and follows HQ changes and withdrawal', async () => {
    const hq = await driver.hq();
    // Before the register names logs, they need no approval.
    const free = await fileLogs('FI');
    expect(free.status, JSON.stringify(free.body)).toBe(201);
    expect(accessReasons(free.body.inspectionPlan)).toEqual([]);

    const registered = await t.call<Entry>('POST', '/market-access', hq, LOGS_RU);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body).toMatchObject({ id: 'LOGS-RU', version: 1, status: 'active' });

    // A product under access from another country: 400 naming the line's field, the rule and the code; nothing written.
    const before = await driver.consignmentCount();
    const refused = await fileLogs('FI');
    expect(refused.status).toBe(400);
    expect(refused.contentType).toBe('application/problem+json');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'body.goods.0.originCountry', code: 'MARKET_ACCESS_NOT_GRANTED', rule: expect.stringContaining('408号 三（三）') }),
    ]);
    expect(await driver.consignmentCount()).toBe(before);

    // Granted, but the destination (CQ) has no designated site for logs: port inspection, explained; the level is heightened.
    const noSite = await fileLogs('RU');
    expect(noSite.status, JSON.stringify(noSite.body)).toBe(201);
    expect(accessReasons(noSite.body.inspectionPlan).map((r) => [r.code, r.refs, r.goodsLines])).toEqual([
      ['MARKET_ACCESS_GRANTED', ['LOGS-RU'], [0]],
      ['MARKET_ACCESS_NO_DESIGNATED_SITE_PORT_INSPECTION', ['LOGS-RU'], [0]],
      ['MARKET_ACCESS_HEIGHTENED_INSPECTION', ['LOGS-RU'], [0]],
    ]);
    expect(noSite.body.inspectionPlan.portInspection).toBe(true);
    expect(noSite.body.inspectionPlan.destinationInspection?.level).toBe('intensified');

    // HQ approves a logs site in Chongqing: the next filing goes direct-through to it.
    const site = await t.call<Entry>('POST', '/designated-sites', hq, { id: 'CQ-LOGS', bureau: 'CQ', name: { zh: '重庆进境原木指定监管场地', en: 'Chongqing designated site for imported logs' }, categories: ['logs'] });
    expect(site.status, JSON.stringify(site.body)).toBe(201);
    const withSite = await fileLogs('RU');
    expect(accessReasons(withSite.body.inspectionPlan).map((r) => [r.code, r.refs])).toEqual([
      ['MARKET_ACCESS_GRANTED', ['LOGS-RU']],
      ['MARKET_ACCESS_DESIGNATED_SITE', ['CQ-LOGS']],
      ['MARKET_ACCESS_HEIGHTENED_INSPECTION', ['LOGS-RU']],
    ]);
    expect(withSite.body.inspectionPlan.portInspection).toBe(false);

    // HQ adds a permit condition from the version it read; a change from a stale version is a 409 and changes nothing.
    const changed = await t.call<Entry>('PATCH', '/market-access/LOGS-RU', hq, { version: 1, conditions: { ...LOGS_RU.conditions, permitRequired: true } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.version).toBe(2);
    expect((await t.call('PATCH', '/market-access/LOGS-RU', hq, { version: 1, validUntil: null })).status).toBe(409);
    const noPermit = await fileLogs('RU');
    expect(noPermit.status).toBe(400);
    expect(noPermit.body.errors).toEqual([expect.objectContaining({ field: 'body.goods.0', code: 'MARKET_ACCESS_PERMIT_MISSING' })]);

    const withdrawn = await t.call<Entry>('POST', '/market-access/LOGS-RU/withdraw', hq, { reason: '输出国发生松材线虫病疫情 / pine wilt outbreak', version: 2 });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 3 });
    const afterWithdrawal = await fileLogs('RU');
    expect(afterWithdrawal.status).toBe(400);
    expect(afterWithdrawal.body.errors?.map((e) => [e.field, e.code])).toEqual([['body.goods.0.originCountry', 'MARKET_ACCESS_WITHDRAWN']]);
    // A withdrawn entry is not withdrawn or changed again; it still keeps logs under access for every country.
    expect((await t.call('POST', '/market-access/LOGS-RU/withdraw', hq, { reason: 'twice' })).status).toBe(409);
    expect((await fileLogs('FI')).status).toBe(400);

    // The audit trail: HQ sees every version, who changed which field; others see the entry only.
    const asHq = await t.call<Entry>('GET', '/market-access/LOGS-RU', hq);
    expect(asHq.body.history?.map((h) => [h.version, h.action])).toEqual([[1, 'registered'], [2, 'changed'], [3, 'withdrawn']]);
    expect(Object.keys(asHq.body.history?.[1]?.changes ?? {})).toEqual(['conditions']);
    const asImporter = await t.call<Entry>('GET', '/market-access/LOGS-RU', await importer());
    expect(asImporter.status).toBe(200);
    expect(asImporter.body.history).toBeUndefined();
    expect(asImporter.body.registeredBy).toBeUndefined();
    const listed = await t.call<{ items: Entry[] }>('GET', '/market-access?country=RU&hsCode=4403', await driver.officer('HL'));
    expect(listed.body.items.map((e) => [e.id, e.status])).toEqual([['LOGS-RU', 'withdrawn']]);
  });

  it('keeps the designated sites as HQ data: the shipped sites, changed from version 0, withdrawn with a reason', async () => {
    const hq = await driver.hq();
    const shipped = await t.call<{ items: Array<Entry & { bureau: string; categories: string[] }> }>('GET', '/designated-sites?status=active', await importer());
    expect(shipped.status).toBe(200);
    expect(shipped.body.items.filter((s) => ['CQ-MEAT', 'SC-MEAT', 'HA-GRAIN', 'HB-FRUIT'].includes(s.id)).map((s) => [s.id, s.bureau, s.categories, s.version])).toEqual([
      ['CQ-MEAT', 'CQ', ['meat'], 0],
      ['HA-GRAIN', 'HA', ['grain'], 0],
      ['HB-FRUIT', 'HB', ['fruit'], 0],
      ['SC-MEAT', 'SC', ['meat'], 0],
    ]);
    const widened = await t.call<Entry>('PATCH', '/designated-sites/HB-FRUIT', hq, { version: 0, categories: ['fruit', 'chilled-aquatic'] });
    expect(widened.status, JSON.stringify(widened.body)).toBe(200);
    expect(widened.body.version).toBe(1);
    expect((await t.call('PATCH', '/designated-sites/HB-FRUIT', hq, { version: 0, categories: ['fruit'] })).status).toBe(409);
    const detail = await t.call<Entry>('GET', '/designated-sites/HB-FRUIT', hq);
    expect(detail.body.history?.map((h) => [h.version, h.action, Object.keys(h.changes)])).toEqual([[1, 'changed', ['categories']]]);
    const withdrawn = await t.call<Entry>('POST', '/designated-sites/SC-MEAT/withdraw', hq, { reason: '场地整改 / site under rectification' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 1 });
    expect((await t.call<{ items: Entry[] }>('GET', '/designated-sites?bureau=SC&status=active', hq)).body.items).toEqual([]);
    for (const token of [await driver.officer('CQ'), await importer()]) {
      expect((await t.call('PATCH', '/designated-sites/CQ-MEAT', token, { version: 0, categories: ['meat', 'fruit'] })).status).toBe(403);
      expect((await t.call('POST', '/designated-sites', token, { id: 'XJ-GRAIN', bureau: 'XJ', name: { zh: '粮', en: 'grain' }, categories: ['grain'] })).status).toBe(403);
    }
  });

  it('refuses bad input to the registers with problem+json naming each field, and writes nothing', async () => {
    const hq = await driver.hq();
    const bad = await t.call<Problem>('POST', '/market-access', hq, {
      id: 'lower case',
      country: 'CN',
      product: { zh: '', en: 'x' },
      scope: { hsPrefixes: ['77'] },
      conditions: { designatedSite: 'swamp', permitRequired: 'yes' },
      validFrom: '2024-01-01',
      colour: 'blue',
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toBe('application/problem+json');
    expect(bad.body.errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(['body.id', 'body.product.zh', 'body.scope.hsPrefixes.0', 'body.conditions.designatedSite', 'body.conditions.permitRequired', 'body.validFrom']),
    );
    const reversed = await t.call<Problem>('POST', '/market-access', hq, { ...LOGS_RU, id: 'LOGS-BY', country: 'BY', validUntil: '2023-01-01T00:00:00Z' });
    expect(reversed.body.errors?.map((e) => e.field)).toEqual(['body.validUntil']);
    const empty = await t.call<Problem>('POST', '/market-access', hq, { ...LOGS_RU, id: 'LOGS-BY', country: 'BY', scope: {} });
    expect(empty.body.errors?.map((e) => e.field)).toEqual(['body.scope']);
    expect((await t.call('GET', '/market-access/LOGS-BY', hq)).status).toBe(404);
    const site = await t.call<Problem>('POST', '/designated-sites', hq, { id: 'HQ-SITE', bureau: 'HQ', name: { zh: 'x', en: 'x' }, categories: [] });
    expect(site.body.errors?.map((e) => e.field).sort()).toEqual(['body.bureau', 'body.categories']);
    const query = await t.call<Problem>('GET', '/designated-sites?category=swamp&colour=blue', hq);
    expect(query.status).toBe(400);
    expect(query.body.errors?.map((e) => e.field).sort()).toEqual(expect.arrayContaining(['query.category']));
    // A keyed registration retried answers the same; an id is never reused.
    const key = { 'idempotency-key': 'register-logs-by-1' };
    const body = { ...LOGS_RU, id: 'LOGS-BY', country: 'BY' };
    const first = await t.call<Entry>('POST', '/market-access', hq, body, key);
    const retry = await t.call<Entry>('POST', '/market-access', hq, body, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect((await t.call<Problem>('POST', '/market-access', hq, body)).status).toBe(409);
  });
});
