import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/aws/clients.ts';
import { ENV } from '#shared/config/environment.ts';
import { DEFAULT_RISK_SETTINGS } from '#shared/domain/risk/risk-settings.ts';
import { StatisticsRepository } from '#shared/data/statistics-repository.ts';
import { addDays, beijingDayOf, periodsAt } from '#shared/domain/statistics/periods.ts';
import { itemKey, labelsOf } from '#shared/lifecycle/statistics/aggregate-items.ts';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { parseCsv } from '#test/review/csv-parser.ts';
import { LifecycleDriver, passedPortChecks, type ConsignmentView } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);

interface StatsAnswer {
  filter: Record<string, string>;
  window: { from: string; to: string; days: number };
  stats: { consignments: number; byStatus: { released: number; rejected: number }; nonconformity: { count: number; of: number } };
}
interface Problem {
  type: string;
  errors?: Array<{ field: string }>;
}
const stats = async (token: string, query = '') => t.call<StatsAnswer>('GET', `/stats${query}`, token);
const strict = {
  enterprise: { ...DEFAULT_RISK_SETTINGS.enterprise, minInspected: 1, gradeA: null },
  commodity: { ...DEFAULT_RISK_SETTINGS.commodity, minInspected: 1, gradeA: null },
};
const today = () => beijingDayOf(new Date());

/** Raw HTTP, for the CSV answers (`t.call` parses JSON). */
async function raw(path: string, token: string, accept: string) {
  const response = await fetch(t.cloud.apiUrl + path, { headers: { authorization: `Bearer ${token}`, accept } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Every item of a table: what a read-only request must leave as it is. */
async function tableItems(envVar: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({ TableName: process.env[envVar], Select: 'COUNT', ...(start && { ExclusiveStartKey: start }) }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** An export of toys (HS 9503, CN) found nonconforming at origin and destroyed; an import released. */
let rejectedExport: ConsignmentView;
let releasedImport: ConsignmentView;

beforeAll(async () => {
  const exporter = await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
  const importer = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
  const e = (await driver.file(exporter, exportFiling())).id;
  const i = (await driver.file(importer, importFiling())).id;
  await driver.complete('ZJ', (await driver.task('ZJ', e, 'origin-inspection')).id, { outcome: 'fail', details: { disposal: 'destroy', findings: '铅含量超标, "lead" above limit' } });
  await driver.complete('XJ', (await driver.task('XJ', i, 'port-checks')).id, passedPortChecks(['CSQU3054383']));
  await driver.complete('CQ', (await driver.task('CQ', i, 'destination-inspection')).id, { outcome: 'pass' });
  rejectedExport = await driver.settled(e);
  releasedImport = await driver.settled(i);
  // The close step counts after the close is written: wait for both counts.
  const hq = await driver.hq();
  await eventually(async () => ((await stats(hq)).body.stats.consignments === 2 ? true : undefined), 'both closes counted');
});

describe('statistics kept as consignments close', () => {
  it('shows the closes on their Beijing day, by bureau, port and HS chapter, from the aggregates', async () => {
    const hq = await driver.hq();
    const day = today();
    const onTheDay = await stats(hq, `?from=${day}&to=${day}`);
    expect(onTheDay.status).toBe(200);
    expect(onTheDay.body.window).toEqual({ from: day, to: day, days: 1 });
    expect(onTheDay.body.stats.byStatus).toEqual({ released: 1, rejected: 1 });
    expect(onTheDay.body.stats.nonconformity).toMatchObject({ count: 1, of: 2 });
    expect((await stats(hq, `?to=${addDays(day, -1)}`)).body.stats.consignments).toBe(0);
    expect((await stats(hq, `?from=${addDays(day, 1)}&to=${addDays(day, 1)}`)).body.stats.consignments).toBe(0);
    expect((await stats(hq, '?bureau=ZJ')).body.stats.byStatus).toEqual({ released: 0, rejected: 1 });
    expect((await stats(hq, '?port=ALASHANKOU')).body.stats.consignments).toBe(2);
    expect((await stats(hq, '?hsChapter=95')).body.stats.consignments).toBe(1);
    expect((await stats(await driver.officer('CQ'), '?direction=import')).body.stats.byStatus).toEqual({ released: 1, rejected: 0 });
    const both = await t.call<Problem>('GET', '/stats?port=ALASHANKOU&hsChapter=95', hq);
    expect(both.status).toBe(400);
    expect(both.body.errors?.map((e) => e.field)).toEqual(['query.hsChapter']);
    expect((await t.call<Problem>('GET', '/stats?from=2020-01-01&to=2024-01-01', hq)).body.errors?.map((e) => e.field)).toEqual(['query.from']);
  });

  it('does not count a close twice when the close step is run again', async () => {
    const hq = await driver.hq();
    const before = (await stats(hq)).body.stats;
    for (const [c, outcome] of [[rejectedExport, 'rejected'], [releasedImport, 'released']] as const) {
      const executionArn = (await driver.consignment(c.id) as unknown as { executionArn: string }).executionArn;
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = await t.cloud.lambda.invoke('closeConsignment', { consignmentId: c.id, outcome, executionArn });
        expect(result).toMatchObject({ ok: true, payload: { consignmentId: c.id, status: outcome } });
      }
    }
    expect((await stats(hq)).body.stats).toEqual(before);
  });
});

describe('risk settings, grades at filing and replay', () => {
  it('lets HQ change the thresholds through the API, keyed and audited, and refuses others and bad input', async () => {
    const hq = await driver.hq();
    const start = await t.call<{ version: number; history: unknown[] }>('GET', '/risk-settings', hq);
    expect(start.body).toMatchObject({ version: 0, history: [] });
    expect((await t.call('GET', '/risk-settings', await driver.officer('XJ'))).status).toBe(200);
    expect((await t.call('GET', '/risk-settings', await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter))).status).toBe(403);
    const body = { version: 0, settings: strict, reason: '出口玩具检出不合格，从严掌握' };
    expect((await t.call('PUT', '/risk-settings', await driver.officer('XJ'), body)).status).toBe(403);

    const bad = await t.call<Problem>('PUT', '/risk-settings', hq, { ...body, settings: { ...strict, enterprise: { ...strict.enterprise, gradeD: { minRate: 0.01 } } } });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toBe('application/problem+json');
    expect(bad.body.errors?.map((e) => e.field)).toEqual(['body.settings.enterprise.gradeD.minRate']);
    expect((await t.call<{ version: number }>('GET', '/risk-settings', hq)).body.version).toBe(0);

    const key = { 'idempotency-key': 'risk-settings-2016-408-1' };
    const first = await t.call<{ version: number }>('PUT', '/risk-settings', hq, body, key);
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    const again = await t.call('PUT', '/risk-settings', hq, body, key);
    expect(again).toEqual(first);
    expect((await t.call('PUT', '/risk-settings', hq, { ...body, reason: 'other' }, key)).status).toBe(422);
    expect((await t.call('PUT', '/risk-settings', hq, body)).status).toBe(409);
    const read = await t.call<{ version: number; history: Array<{ version: number; reason: string; by: { bureau: string }; changes: Record<string, unknown> }> }>('GET', '/risk-settings', hq);
    expect(read.body.version).toBe(1);
    expect(read.body.history).toEqual([expect.objectContaining({ version: 1, reason: body.reason, by: expect.objectContaining({ bureau: 'HQ' }) })]);
    expect(Object.keys(read.body.history[0]!.changes)).toEqual(expect.arrayContaining(['enterprise.minInspected', 'commodity.minInspected']));
  });

  it('raises the level of a new filing of the risky enterprise, with the reason codes and the history behind them', async () => {
    const filed = await driver.file(await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter), exportFiling());
    const plan = (await driver.consignment(filed.id) as unknown as { inspectionPlan: { originInspection: { level: string }; reasons: Array<{ code: string; text: { zh: string; en: string } }> } }).inspectionPlan;
    expect(plan.originInspection.level).toBe('intensified');
    const codes = plan.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['ENTERPRISE_RISK_GRADE_D', 'COMMODITY_RISK_GRADE_D']));
    expect(plan.reasons.find((r) => r.code === 'ENTERPRISE_RISK_GRADE_D')?.text.en).toContain('1 of 1 inspected consignments nonconforming (100.0%)');
    // An importer with a clean record is not touched.
    const clean = await driver.file(await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), importFiling());
    expect((await driver.consignment(clean.id) as unknown as { inspectionPlan: { destinationInspection: { level: string } } }).inspectionPlan.destinationInspection.level).toBe('standard');
    await driver.task('ZJ', filed.id, 'origin-inspection');
    await driver.task('XJ', clean.id, 'port-checks');
  });

  it('replays the window under other thresholds, reports what would change, and writes nothing', async () => {
    const hq = await driver.hq();
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    // A replay grades each filing on its history up to the day before: give the exporter a bad
    // yesterday (2 of 3 nonconforming), as its closes would have left the items.
    const statistics = new StatisticsRepository();
    const target = { scope: 'ALL', dimension: 'enterprise', value: CREDIT_CODES.yiwuExporter } as const;
    for (const period of periodsAt(new Date(Date.now() - 86_400_000))) {
      await statistics.addOnce(itemKey(target, period), { 'e.n': 3, 'e.ins': 3, 'e.nc': 2 }, 'SEED-YESTERDAY', labelsOf(target, period));
    }
    // Let the notices of the last filings land first, so that only the replay could move the counts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = [await tableItems(ENV.domainTable), await tableItems(ENV.idempotencyTable)];
    const replay = await t.call<{
      totals: { consignments: number; changed: number; levelLowered: number };
      changes: Array<{ consignmentId: string; recorded: { level: string }; current: { level: string }; proposed: { level: string }; reasonCodes: { added: string[]; removed: string[] } }>;
    }>('POST', '/policy/replay', hq, { ...window, settings: DEFAULT_RISK_SETTINGS });
    expect(replay.status).toBe(200);
    expect(replay.body.totals.consignments).toBe(4);
    expect(replay.body.totals.levelLowered).toBeGreaterThanOrEqual(1);
    // The export filed under the strict thresholds, and the first one: both exports are graded D now, B under the defaults.
    const lowered = replay.body.changes.filter((c) => c.current.level === 'intensified' && c.proposed.level === 'standard');
    expect(lowered.map((c) => c.consignmentId)).toEqual(expect.arrayContaining([rejectedExport.id]));
    expect(lowered.map((c) => c.recorded.level).sort()).toEqual(['intensified', 'standard']);
    expect(lowered[0]?.reasonCodes.removed).toEqual(['ENTERPRISE_RISK_GRADE_D']);
    expect([await tableItems(ENV.domainTable), await tableItems(ENV.idempotencyTable)]).toEqual(before);

    expect((await t.call('POST', '/policy/replay', await driver.officer('XJ'), { ...window, settings: DEFAULT_RISK_SETTINGS })).status).toBe(403);
    const reversed = await t.call<Problem>('POST', '/policy/replay', hq, { from: window.to, to: window.from, settings: DEFAULT_RISK_SETTINGS });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors?.map((e) => e.field)).toEqual(['body.to']);
  });
});

describe('export quality assessment', () => {
  it('gives the exporter its own, HQ and bureaus any, per HS heading over 90 and 365 days', async () => {
    type Assessment = { enterprise: string; headings: Array<{ hsHeading: string; windows: Array<{ days: number; consignments: number; nonconforming: number; nonconformityRate: number }> }> };
    const own = await t.call<Assessment>('GET', '/quality-assessments', await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter));
    expect(own.status).toBe(200);
    const toys = own.body.headings.find((h) => h.hsHeading === '9503');
    expect(toys?.windows).toEqual([expect.objectContaining({ days: 90, consignments: 1, nonconforming: 1, nonconformityRate: 1 }), expect.objectContaining({ days: 365, consignments: 1 })]);
    expect((await t.call('GET', `/quality-assessments?enterprise=${CREDIT_CODES.yiwuExporter}&hsHeading=9503`, await driver.officer('HL'))).status).toBe(200);
    expect((await t.call('GET', `/quality-assessments?enterprise=${CREDIT_CODES.yiwuExporter}`, await driver.declarant('CQ', CREDIT_CODES.chongqingImporter))).status).toBe(403);
    const unnamed = await t.call<Problem>('GET', '/quality-assessments', await driver.hq());
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors?.map((e) => e.field)).toEqual(['query.enterprise']);
  });
});

describe('CSV for spreadsheets', () => {
  it('exports /stats as UTF-8 CSV with a BOM, Chinese labels intact, and the same figures as the JSON', async () => {
    const hq = await driver.hq();
    const answer = await raw('/stats', hq, 'text/csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="stats-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(answer.bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['指标 / figure', '键 / key', '数值 / value', '分子 / count', '分母 / of']);
    const byKey = new Map(rows.slice(1).map((r) => [r[1], r]));
    const json = (await stats(hq)).body.stats;
    expect(byKey.get('consignments')?.[2]).toBe(String(json.consignments));
    expect(byKey.get('consignments')?.[0]).toBe('结案批数 / consignments closed');
    expect(byKey.get('nonconformity')?.slice(3)).toEqual([String(json.nonconformity.count), String(json.nonconformity.of)]);
    expect(rows.every((r) => r.length === 5)).toBe(true);
  });

  it('exports a page of /consignments with the next page token in a header', async () => {
    const hq = await driver.hq();
    const answer = await raw('/consignments?limit=2', hq, 'text/csv');
    expect(answer.status).toBe(200);
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(answer.bytes.subarray(3).toString('utf8'));
    expect(rows[0]?.[0]).toBe('编号 / id');
    expect(rows).toHaveLength(3);
    expect(answer.headers.get('next-token')).toBeTruthy();
    const all = parseCsv((await raw('/consignments?limit=10', hq, 'text/csv')).bytes.subarray(3).toString('utf8'));
    const exported = all.find((r) => r[0] === rejectedExport.id);
    const column = (label: string) => all[0]?.indexOf(label) ?? -1;
    expect(exported?.[column('状态 / status')]).toBe('rejected');
    expect(exported?.[column('负责局 / responsible bureaus')]).toContain('ZJ');
    // Without Accept: text/csv, the JSON as before.
    expect((await t.call<{ items: unknown[] }>('GET', '/consignments?limit=2', hq)).body.items).toHaveLength(2);
  });
});
