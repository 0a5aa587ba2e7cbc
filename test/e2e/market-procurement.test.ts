import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, goodsLine } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const MARKET = 'YIWU-ITC';
const exporter = () => driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);

const procurementExport = (overrides: Parameters<typeof exportFiling>[0] = {}) => exportFiling({ tradeMode: 'market-procurement', ...overrides });

async function registerYiwuMarket() {
  const zj = await driver.officer('ZJ');
  const market = await t.call('POST', '/markets', zj, { id: MARKET, name: { zh: '义乌国际商贸城', en: 'Yiwu International Trade City' }, city: 'Yiwu' }, { 'Idempotency-Key': 'market-yiwu' });
  expect([200, 201]).toContain(market.status);
  const trader = await t.call('PUT', `/markets/${MARKET}/traders/${CREDIT_CODES.yiwuExporter}`, zj, { name: '义乌小商品出口有限公司', goods: [{ hsPrefix: '9503', description: 'toys / 玩具' }, { hsPrefix: '6702', description: 'artificial flowers / 人造花' }] }, { 'Idempotency-Key': 'trader-yiwu' });
  expect([200, 201]).toContain(trader.status);
}

describe('market procurement exports (市场采购, 408号 三（四）), end to end', () => {
  it('keeps a register of markets, traders and goods lists, by the purchase-location bureau', async () => {
    await registerYiwuMarket();
    const hq = await t.call<{ bureau: string; traders: Array<{ creditCode: string; goods: Array<{ hsPrefix: string }>; version: number }> }>('GET', `/markets/${MARKET}`, await driver.hq());
    expect(hq.status).toBe(200);
    expect(hq.body.bureau).toBe('ZJ');
    expect(hq.body.traders.map((tr) => tr.creditCode)).toEqual([CREDIT_CODES.yiwuExporter]);
    expect(hq.body.traders[0]?.goods.map((g) => g.hsPrefix)).toEqual(['9503', '6702']);

    // Another bureau cannot change Zhejiang's market; a declarant cannot read the register.
    const xj = await t.call('PUT', `/markets/${MARKET}/traders/${CREDIT_CODES.urumqiTrader}`, await driver.officer('XJ'), { name: 'x', goods: [{ hsPrefix: '95', description: 'toys' }] }, { 'Idempotency-Key': 'trader-xj' });
    expect(xj.status).toBe(403);
    expect((await t.call('GET', `/markets/${MARKET}`, await exporter())).status).toBe(403);
    // Bad input names the field and writes nothing.
    const bad = await t.call('POST', '/markets', await driver.officer('ZJ'), { id: 'bad id!', name: { zh: '', en: 'x' }, city: 'Yiwu' }, { 'Idempotency-Key': 'market-bad' });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('body.id');
    expect(JSON.stringify(bad.body)).toContain('body.name.zh');
    const badGoods = await t.call('PUT', `/markets/${MARKET}/traders/${CREDIT_CODES.yiwuExporter}`, await driver.officer('ZJ'), { name: 'x', goods: [{ hsPrefix: '9', description: 'toys' }] }, { 'Idempotency-Key': 'trader-bad' });
    expect(badGoods.status).toBe(400);
    expect(JSON.stringify(badGoods.body)).toContain('body.goods.0.hsPrefix');
    expect((await t.call('GET', '/markets/BAD-ID', await driver.hq())).status).toBe(404);
  });

  it('accepts an export of a registered trader with its listed goods; the purchase-location bureau inspects and releases', async () => {
    await registerYiwuMarket();
    const filed = await driver.file(await exporter(), procurementExport());
    const reasons = filed.inspectionPlan.reasons;
    expect(reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['TRADE_MODE_MARKET_PROCUREMENT', 'MARKET_PROCUREMENT_REGISTERED_TRADER', 'EXPORT_DIRECT_RELEASE']));
    expect(reasons.find((r) => r.code === 'MARKET_PROCUREMENT_REGISTERED_TRADER')?.text.zh).toContain(MARKET);
    const origin = await driver.task('ZJ', filed.id, 'origin-inspection');
    await driver.complete('ZJ', origin.id, { outcome: 'pass' });
    const released = await driver.settled(filed.id);
    expect(released.clearanceDocument?.issuedBy).toBe('ZJ');
  });

  it('refuses goods off the list, an unregistered consignor and another origin bureau, naming the field and the reason code, and files nothing', async () => {
    await registerYiwuMarket();
    const before = await driver.consignmentCount();
    const offList = await t.call('POST', '/consignments', await exporter(), procurementExport({ goods: [goodsLine({ originCountry: 'CN' }), goodsLine({ hsCode: '950300', description: 'toys', originCountry: 'CN' })] }), { 'Idempotency-Key': 'mp-off-list' });
    expect(offList.status).toBe(400);
    expect(JSON.stringify(offList.body)).toContain('body.goods.0.hsCode');
    expect(JSON.stringify(offList.body)).toContain('MARKET_PROCUREMENT_GOODS_NOT_LISTED');
    expect(JSON.stringify(offList.body)).not.toContain('body.goods.1.hsCode');

    const stranger = await driver.declarant('ZJ', CREDIT_CODES.published);
    const unregistered = await t.call(
      'POST',
      '/consignments',
      stranger,
      procurementExport({ consignor: { name: '福州某出口公司', country: 'CN', creditCode: CREDIT_CODES.published } }),
      { 'Idempotency-Key': 'mp-unregistered' },
    );
    expect(unregistered.status).toBe(400);
    expect(JSON.stringify(unregistered.body)).toContain('body.consignor.creditCode');
    expect(JSON.stringify(unregistered.body)).toContain('MARKET_PROCUREMENT_TRADER_NOT_REGISTERED');

    const otherBureau = await t.call('POST', '/consignments', await driver.officer('SC'), procurementExport({ originBureau: 'SC' }), { 'Idempotency-Key': 'mp-other-bureau' });
    expect(otherBureau.status).toBe(400);
    expect(JSON.stringify(otherBureau.body)).toContain('body.originBureau');
    expect(JSON.stringify(otherBureau.body)).toContain('MARKET_PROCUREMENT_NOT_PURCHASE_LOCATION');
    expect(await driver.consignmentCount()).toBe(before);
  });
});
