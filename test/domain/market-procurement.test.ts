import { describe, expect, it } from 'vitest';
import { marketProcurementIssues, marketRegistrationSchema, onGoodsList, traderRegistrationSchema, type MarketTrader } from '#shared/domain/market-procurement/market.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling, inspectionContext } from './fixtures.ts';

const TRADER: MarketTrader = {
  marketId: 'YIWU-ITC',
  creditCode: CREDIT_CODES.yiwuExporter,
  bureau: 'ZJ',
  name: '义乌小商品出口有限公司',
  goods: [{ hsPrefix: '9503', description: 'toys' }, { hsPrefix: '6702', description: 'artificial flowers' }],
  registeredAt: '2016-09-01T00:00:00Z',
  updatedAt: '2016-09-01T00:00:00Z',
  version: 1,
};
const procurement = (overrides: Parameters<typeof exportFiling>[0] = {}) => exportFiling({ tradeMode: 'market-procurement', ...overrides });
const toys = goodsLine({ hsCode: '950300', description: 'toys', originCountry: 'CN' });

describe('market procurement at filing (408号 三（四）)', () => {
  it('accepts a registered trader with its listed goods, inspected by the market\'s bureau', () => {
    expect(marketProcurementIssues(procurement({ goods: [toys, goodsLine({ hsCode: '670290', originCountry: 'CN' })] }), [TRADER])).toEqual([]);
  });

  it('refuses an unregistered consignor, goods off the list and another origin bureau, each with its field and code', () => {
    expect(marketProcurementIssues(procurement(), [])).toEqual([expect.objectContaining({ path: 'consignor.creditCode', code: 'MARKET_PROCUREMENT_TRADER_NOT_REGISTERED' })]);
    const issues = marketProcurementIssues(procurement({ originBureau: 'SC', goods: [goodsLine({ originCountry: 'CN' }), toys] }), [TRADER]);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['originBureau', 'MARKET_PROCUREMENT_NOT_PURCHASE_LOCATION'],
      ['goods.0.hsCode', 'MARKET_PROCUREMENT_GOODS_NOT_LISTED'],
    ]);
    expect(issues.every((i) => i.rule.startsWith('国质检通〔2016〕408号 三（四）'))).toBe(true);
  });

  it('concerns market-procurement exports only', () => {
    expect(marketProcurementIssues(exportFiling(), [])).toEqual([]);
    expect(marketProcurementIssues(importFiling(), [])).toEqual([]);
    expect(onGoodsList(TRADER, '9503001000')).toBe(true);
    expect(onGoodsList(TRADER, '950400')).toBe(false);
  });

  it('names the market and trader in the plan', () => {
    const plan = planInspection(procurement({ goods: [toys] }), inspectionContext({ marketTraders: [TRADER] }));
    const reason = plan.reasons.find((r) => r.code === 'MARKET_PROCUREMENT_REGISTERED_TRADER');
    expect(reason?.refs).toEqual([`YIWU-ITC / 义乌小商品出口有限公司 (${CREDIT_CODES.yiwuExporter})`]);
    expect(planInspection(procurement({ goods: [toys] }), inspectionContext()).reasons.some((r) => r.code === 'MARKET_PROCUREMENT_REGISTERED_TRADER')).toBe(false);
  });

  it('validates the register entries, naming the field', () => {
    expect(marketRegistrationSchema.safeParse({ id: 'yiwu-itc', name: { zh: '义乌国际商贸城', en: 'Yiwu ITC' }, city: 'Yiwu' }).data?.id).toBe('YIWU-ITC');
    expect(marketRegistrationSchema.safeParse({ id: 'x', name: { zh: '', en: 'a' }, city: '' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['id', 'name.zh', 'city']);
    expect(traderRegistrationSchema.safeParse({ name: 'a', goods: [] }).error?.issues.map((i) => i.path.join('.'))).toEqual(['goods']);
    expect(traderRegistrationSchema.safeParse({ name: 'a', goods: [{ hsPrefix: '9', description: 'toys' }] }).error?.issues.map((i) => i.path.join('.'))).toEqual(['goods.0.hsPrefix']);
  });
});
