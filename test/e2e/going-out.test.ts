import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { DAY, inboundTrain } from '#test/domain/train-bodies.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

/**
 * "Going out" and return cargo through the API (408号 三（三）、（五）、（十）): a bureau's risk
 * assessment is what the facilitation of a going-out trade mode rests on (no record, no
 * facilitation, explained); technical-trade-measure notes reach the enterprises that subscribed
 * to their country and HS heading; an import on a return train counts as its corridor's return
 * cargo in GET /stats.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
type Problem = { type: string; status: number; errors?: Array<{ field: string; message: string; code?: string }> };
type Reason = { code: string; refs?: string[]; goodsLines?: number[] };
type Filed = { id: string; inspectionPlan: { supervisionMode: string; destinationInspection: { level: string } | null; reasons: Reason[] } };
type Assessment = { id: string; version: number; status: string; bureau: string; registeredBy?: unknown; history?: unknown[] };
type Notice = { kind: string; data?: Record<string, unknown> };

const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const otherEnterprise = () => driver.declarant('XJ', CREDIT_CODES.urumqiTrader);
/** Peanuts a Chinese enterprise grows and roasts in Russia, imported to Chongqing. */
const overseasPeanuts = () =>
  importFiling({
    tradeMode: 'overseas-grown-agricultural',
    consignor: { name: 'Amur Agro LLC', country: 'RU' },
    goods: [goodsLine({ hsCode: '200811', description: 'roasted peanuts / 烘焙花生', quantity: 20, unit: 'TNE', netWeightKg: 20000, originCountry: 'RU', categories: ['food'] })],
  });
const goingOutReasons = (filed: Filed) => filed.inspectionPlan.reasons.filter((r) => r.code.startsWith('GOING_OUT_') || r.code === 'TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL');

const assessment = {
  kind: 'overseas-agricultural',
  enterprise: { creditCode: CREDIT_CODES.chongqingImporter, name: '重庆渝欧进出口有限公司' },
  product: { description: { zh: '境外种植加工的花生', en: 'peanuts grown and processed abroad' }, hsPrefixes: ['2008'] },
  country: 'RU',
  risk: 'low',
  summary: '种植基地与加工厂经评估，农残与黄曲霉毒素风险低 / farm and plant assessed: low residue and aflatoxin risk',
  validFrom: '2024-01-01T00:00:00Z',
  validUntil: new Date(Date.now() + 365 * DAY).toISOString(),
};

describe('going-out facilitation', () => {
  it('lowers the level only with a low-risk assessment in force, and explains when there is none', async () => {
    const without = await driver.file(await importer(), overseasPeanuts());
    expect(goingOutReasons(without as unknown as Filed).map((r) => [r.code, r.goodsLines])).toEqual([['GOING_OUT_NO_RISK_ASSESSMENT', [0]]]);
    expect((without as unknown as Filed).inspectionPlan.destinationInspection?.level).toBe('standard');

    const recorded = await t.call<Assessment>('POST', '/going-out/risk-assessments', await driver.officer('CQ'), assessment, { 'idempotency-key': 'peanuts-1' });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body).toMatchObject({ bureau: 'CQ', version: 1, status: 'active' });
    const retried = await t.call<Assessment>('POST', '/going-out/risk-assessments', await driver.officer('CQ'), assessment, { 'idempotency-key': 'peanuts-1' });
    expect(retried.body.id).toBe(recorded.body.id);
    const id = recorded.body.id;

    const facilitated = (await driver.file(await importer(), overseasPeanuts())) as unknown as Filed;
    expect(goingOutReasons(facilitated).map((r) => [r.code, r.refs])).toEqual([['TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL', [id]]]);
    expect(facilitated.inspectionPlan.destinationInspection?.level).toBe('document-review');

    // Only the keeping bureau re-assesses; a higher risk ends the facilitation, explained.
    expect((await t.call('PATCH', `/going-out/risk-assessments/${id}`, await driver.officer('HL'), { version: 1, risk: 'high' })).status).toBe(403);
    const reassessed = await t.call<Assessment>('PATCH', `/going-out/risk-assessments/${id}`, await driver.officer('CQ'), { version: 1, risk: 'high' });
    expect(reassessed.status, JSON.stringify(reassessed.body)).toBe(200);
    const high = (await driver.file(await importer(), overseasPeanuts())) as unknown as Filed;
    expect(goingOutReasons(high).map((r) => [r.code, r.refs])).toEqual([['GOING_OUT_RISK_NOT_LOW', [id]]]);
    expect(high.inspectionPlan.destinationInspection?.level).toBe('standard');

    // The enterprise reads its own record (without who assessed), another enterprise is told it does not exist.
    const own = await t.call<{ items: Assessment[] }>('GET', '/going-out/risk-assessments', await importer());
    expect(own.body.items.map((a) => [a.id, a.registeredBy])).toEqual([[id, undefined]]);
    expect((await t.call('GET', `/going-out/risk-assessments/${id}`, await otherEnterprise())).status).toBe(404);
    const detail = await t.call<Assessment>('GET', `/going-out/risk-assessments/${id}`, await driver.officer('XJ'));
    expect(detail.body.history).toHaveLength(2);

    const withdrawn = await t.call<Assessment>('POST', `/going-out/risk-assessments/${id}/withdraw`, await driver.officer('CQ'), { reason: '复评中 / under re-assessment' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 3 });
    const afterWithdrawal = (await driver.file(await importer(), overseasPeanuts())) as unknown as Filed;
    expect(goingOutReasons(afterWithdrawal).map((r) => r.code)).toEqual(['GOING_OUT_NO_RISK_ASSESSMENT']);
  });

  it('refuses bad assessments naming each field, and writes nothing', async () => {
    const cq = await driver.officer('CQ');
    const bad = await t.call<Problem>('POST', '/going-out/risk-assessments', cq, {
      ...assessment,
      kind: 'tourism',
      enterprise: { creditCode: '123', name: '' },
      country: 'CN',
      risk: 'none',
      validUntil: '2023-01-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toBe('application/problem+json');
    expect(bad.body.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['body.kind', 'body.enterprise.creditCode', 'body.enterprise.name', 'body.risk']));
    expect((await t.call<Problem>('POST', '/going-out/risk-assessments', await driver.hq(), assessment)).status).toBe(403);
    const listed = await t.call<{ items: Assessment[] }>('GET', '/going-out/risk-assessments?bureau=CQ', await driver.hq());
    expect(listed.body.items).toHaveLength(1);
    expect((await t.call<Problem>('GET', '/going-out/risk-assessments?enterprise=nope', cq)).status).toBe(400);
  });
});

describe('technical trade measures', () => {
  it('notifies the enterprises whose subscription a new note matches, once per note', async () => {
    const subscribed = await t.call('PUT', '/trade-measure-subscription', await importer(), { countries: ['KZ'], hsPrefixes: ['84'] });
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(200);
    expect((await t.call('PUT', '/trade-measure-subscription', await otherEnterprise(), { countries: ['RU'] })).status).toBe(200);
    expect((await t.call<{ countries: string[] }>('GET', '/trade-measure-subscription', await importer())).body.countries).toEqual(['KZ']);

    const note = {
      country: 'KZ',
      kind: 'technical-regulation',
      hsPrefixes: ['8429'],
      title: { zh: '欧亚经济联盟《机械设备安全》技术法规 TR CU 010/2011', en: 'EAEU technical regulation TR CU 010/2011 on the safety of machinery' },
      summary: { zh: '进入哈萨克斯坦的推土机、挖掘机须有 EAC 合格声明', en: 'Bulldozers and excavators entering Kazakhstan need an EAC declaration of conformity' },
      sourceUrl: 'https://eec.eaeunion.org/comission/department/deptexreg/tr/bezopasnost_mashin.php',
      effectiveDate: '2013-02-15',
    };
    const key = { 'idempotency-key': 'tr-cu-010' };
    const published = await t.call<{ id: string; bureau: string }>('POST', '/trade-measures', await driver.officer('XJ'), note, key);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.bureau).toBe('XJ');
    const again = await t.call<{ id: string }>('POST', '/trade-measures', await driver.officer('XJ'), note, key);
    expect(again.body.id).toBe(published.body.id);

    const notices = await eventually(async () => {
      const inbox = await t.call<{ items: Notice[] }>('GET', '/notifications?limit=100', await importer());
      const about = inbox.body.items.filter((n) => n.kind === 'trade-measure:published');
      return about.length > 0 ? about : undefined;
    }, 'the trade-measure notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.data).toMatchObject({ noteId: published.body.id, country: 'KZ', hsPrefixes: ['8429'] });
    const other = await t.call<{ items: Notice[] }>('GET', '/notifications?limit=100', await otherEnterprise());
    expect(other.body.items.filter((n) => n.kind === 'trade-measure:published')).toEqual([]);

    const listed = await t.call<{ items: Array<{ id: string; publishedBy?: unknown }> }>('GET', '/trade-measures?country=KZ', await importer());
    expect(listed.body.items.map((n) => [n.id, n.publishedBy])).toEqual([[published.body.id, undefined]]);

    const bad = await t.call<Problem>('POST', '/trade-measures', await driver.officer('XJ'), { ...note, country: 'CN', sourceUrl: 'http://example.com', effectiveDate: '2013-02-30', hsPrefixes: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['body.country', 'body.effectiveDate', 'body.hsPrefixes', 'body.sourceUrl']);
    expect((await t.call('POST', '/trade-measures', await importer(), note)).status).toBe(403);
    expect((await t.call<{ items: unknown[] }>('GET', '/trade-measures', await driver.hq())).body.items).toHaveLength(1);
  });
});

describe('return cargo', () => {
  it("counts an import on an inbound train as its corridor's return cargo in GET /stats", async () => {
    const train = await t.call<{ id: string }>('POST', '/trains', await driver.officer('XJ'), inboundTrain('X8001', Date.now() + 2 * DAY));
    expect(train.status, JSON.stringify(train.body)).toBe(201);
    const onTrain = await driver.file(await importer(), importFiling({ trainId: train.body.id }));
    const container = 'CSQU3054383';
    await driver.complete('XJ', (await driver.task('XJ', onTrain.id, 'port-checks')).id, passedPortChecks([container]));
    await driver.complete('CQ', (await driver.task('CQ', onTrain.id, 'destination-inspection')).id, { outcome: 'pass' });
    await driver.settled(onTrain.id);

    type ReturnCargo = { consignments: number; containers: number; netWeightKg: number; ofImports: { count: number; of: number } };
    const figures = await eventually(async () => {
      const answer = await t.call<{ stats: { returnCargo: ReturnCargo } }>('GET', '/stats?corridor=chongqing-duisburg', await driver.hq());
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.stats.returnCargo.consignments > 0 ? answer.body.stats.returnCargo : undefined;
    }, 'the return cargo counted');
    expect(figures).toMatchObject({ consignments: 1, containers: 1, netWeightKg: 1250, ofImports: { count: 1 } });
    const exportsOnly = await t.call<{ stats: { returnCargo: ReturnCargo } }>('GET', '/stats?corridor=chongqing-duisburg&direction=export', await driver.hq());
    expect(exportsOnly.body.stats.returnCargo.consignments).toBe(0);
  });
});
