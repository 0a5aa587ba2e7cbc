import { describe, expect, it } from 'vitest';
import { contributionOf, type ClosingFacts } from '#shared/domain/statistics/contribution.ts';
import { figuresOf, sumTotals } from '#shared/domain/statistics/figures.ts';
import { lineAccess, marketAccessIssues } from '#shared/domain/market-access/access-check.ts';
import { accessRegistrationSchema, accessViewOf, changeAccess, registerAccess, withdrawAccess, type MarketAccessView } from '#shared/domain/market-access/market-access.ts';
import { inForce } from '#shared/domain/market-access/register-entry.ts';
import { policySitesOf, SEED_SITES, withSeed } from '#shared/domain/designated-sites/designated-site.ts';
import { goingOutVerdict } from '#shared/domain/going-out/going-out-facilitation.ts';
import type { GoingOutView } from '#shared/domain/going-out/risk-assessment.ts';
import { noteMatches, tradeMeasureSubscriptionOf } from '#shared/domain/trade-measures/trade-measure.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { explain } from '#shared/domain/policy/reasons.ts';
import { MARKET_ACCESS_REASON_CODES } from '#shared/domain/market-access/access-reasons.ts';
import { GOING_OUT_REASON_CODES } from '#shared/domain/going-out/going-out-facilitation.ts';
import { FILED_AT, FROZEN_PORK, MEASURES, exportFiling, goodsLine, importFiling, inspectionContext } from './fixtures.ts';

const HQ = { bureau: 'HQ' as const, subject: 'hq-officer' };
const entry = (overrides: Partial<MarketAccessView> = {}): MarketAccessView => ({
  id: 'PORK-DE',
  country: 'DE',
  hsPrefixes: ['0203'],
  categories: [],
  conditions: {},
  validFrom: '2016-01-01T00:00:00Z',
  status: 'active',
  ...overrides,
});
const codes = (plan: { reasons: Array<{ code: string }> }) => plan.reasons.map((r) => r.code);

describe('market access (408号 三（三）)', () => {
  it('leaves a product the register never named alone, and refuses it from a country without access once it does', () => {
    expect(lineAccess(goodsLine(), [entry()], FILED_AT)).toEqual({ kind: 'not-controlled' });
    expect(lineAccess(FROZEN_PORK, [entry()], FILED_AT)).toMatchObject({ kind: 'granted' });
    expect(lineAccess({ ...FROZEN_PORK, originCountry: 'ES' }, [entry()], FILED_AT)).toMatchObject({ kind: 'refused', code: 'MARKET_ACCESS_NOT_GRANTED' });
    expect(lineAccess(FROZEN_PORK, [entry({ status: 'withdrawn' })], FILED_AT)).toMatchObject({ kind: 'refused', code: 'MARKET_ACCESS_WITHDRAWN' });
    expect(lineAccess(FROZEN_PORK, [entry({ validFrom: '2017-01-01T00:00:00Z' })], FILED_AT)).toMatchObject({ kind: 'refused', code: 'MARKET_ACCESS_NOT_IN_FORCE' });
    // A category entry covers by category.
    expect(lineAccess({ ...FROZEN_PORK, hsCode: '160100', originCountry: 'PL' }, [entry({ hsPrefixes: [], categories: ['animal-product'] })], FILED_AT)).toMatchObject({
      kind: 'refused',
    });
  });

  it('names the goods line field, the rule and the code of each refused line; exports are not concerned', () => {
    const filing = importFiling({ goods: [goodsLine(), { ...FROZEN_PORK, originCountry: 'ES' }] });
    const issues = marketAccessIssues(filing, [entry()], FILED_AT);
    expect(issues.map((i) => [i.path, i.code])).toEqual([['goods.1.originCountry', 'MARKET_ACCESS_NOT_GRANTED']]);
    expect(issues[0]!.rule).toContain('408号 三（三）');
    expect(issues[0]!.message).toContain('ES');
    expect(marketAccessIssues(exportFiling(), [entry({ hsPrefixes: ['95'], country: 'ES' })], FILED_AT)).toEqual([]);
    // A permit condition: the line must cite an entry quarantine permit.
    const needsPermit = [entry({ conditions: { permitRequired: true } })];
    expect(marketAccessIssues(importFiling({ goods: [FROZEN_PORK] }), needsPermit, FILED_AT).map((i) => [i.path, i.code])).toEqual([['goods.0', 'MARKET_ACCESS_PERMIT_MISSING']]);
    const cited = importFiling({ goods: [FROZEN_PORK], permits: [{ number: 'P-1', kind: 'animal-plant-quarantine', quantity: 24, unit: 'TNE' }] });
    expect(marketAccessIssues(cited, needsPermit, FILED_AT)).toEqual([]);
  });

  it('brings the access conditions into the plan: designated site or port inspection, and a heightened level', () => {
    const register = [entry({ conditions: { designatedSite: 'meat', minimumInspectionLevel: 'intensified' } })];
    const sites = policySitesOf(SEED_SITES);
    const toCq = planInspection(importFiling({ goods: [FROZEN_PORK] }), inspectionContext({ marketAccess: register, highRiskAgriculturalMeasures: { ...MEASURES, designatedSites: sites } }));
    expect(codes(toCq)).toEqual(expect.arrayContaining(['MARKET_ACCESS_GRANTED', 'MARKET_ACCESS_DESIGNATED_SITE', 'MARKET_ACCESS_HEIGHTENED_INSPECTION']));
    expect(toCq.reasons.find((r) => r.code === 'MARKET_ACCESS_DESIGNATED_SITE')?.refs).toEqual(['CQ-MEAT']);
    expect(toCq.destinationInspection?.level).toBe('intensified');
    // Wuhan's site takes fruit only: port inspection, explained.
    const toHb = planInspection(importFiling({ goods: [FROZEN_PORK], destinationBureau: 'HB' }), inspectionContext({ marketAccess: register, highRiskAgriculturalMeasures: { ...MEASURES, designatedSites: sites } }));
    expect(codes(toHb)).toContain('MARKET_ACCESS_NO_DESIGNATED_SITE_PORT_INSPECTION');
    expect(toHb.portInspection).toBe(true);
    // Without a register nothing changes.
    expect(codes(planInspection(importFiling(), inspectionContext())).some((c) => c.startsWith('MARKET_ACCESS_'))).toBe(false);
  });

  it('keeps an audit entry per version and refuses a window that ends before it starts', () => {
    const registration = accessRegistrationSchema.parse({ id: 'PORK-DE', country: 'DE', product: { zh: '猪肉', en: 'pork' }, scope: { hsPrefixes: ['0203'] }, validFrom: '2016-01-01T00:00:00Z' });
    const { entry: registered, change } = registerAccess(registration, { at: FILED_AT, by: HQ });
    expect([registered.version, change.action]).toEqual([1, 'registered']);
    const changed = changeAccess(registered, { version: 1, conditions: { permitRequired: true } }, { at: FILED_AT, by: HQ });
    expect(changed.kind === 'changed' && [changed.entry.version, Object.keys(changed.change.changes)]).toEqual([2, ['conditions']]);
    expect(changeAccess(registered, { version: 1, validUntil: '2015-01-01T00:00:00Z' }, { at: FILED_AT, by: HQ }).kind).toBe('invalid');
    expect(changeAccess(registered, { version: 1, conditions: {} }, { at: FILED_AT, by: HQ }).kind).toBe('unchanged');
    const withdrawn = withdrawAccess(registered, 'ASF', { at: FILED_AT, by: HQ });
    expect(accessViewOf(withdrawn.entry)).toMatchObject({ status: 'withdrawn', withdrawalReason: 'ASF' });
    expect(inForce(withdrawn.entry, FILED_AT)).toBe(false);
    expect(accessRegistrationSchema.safeParse({ ...registration, country: 'CN' }).success).toBe(false);
  });

  it('explains every reason code of the registers in both languages', () => {
    for (const code of [...MARKET_ACCESS_REASON_CODES, ...GOING_OUT_REASON_CODES]) {
      const reason = explain(code, { goodsLines: [0], refs: ['X-1'], portBureau: { zh: '新疆局', en: 'Xinjiang' }, inlandBureau: { zh: '重庆局', en: 'Chongqing' } });
      expect(reason.text.zh.length, code).toBeGreaterThan(0);
      expect(reason.text.en.length, code).toBeGreaterThan(0);
    }
  });
});

describe('designated sites', () => {
  it('ships the four rail-port sites as version 0, replaced by what HQ has written', () => {
    expect(withSeed([]).map((s) => [s.id, s.bureau, s.categories])).toEqual([
      ['CQ-MEAT', 'CQ', ['meat']],
      ['HA-GRAIN', 'HA', ['grain']],
      ['HB-FRUIT', 'HB', ['fruit']],
      ['SC-MEAT', 'SC', ['meat']],
    ]);
    const withdrawn = { ...SEED_SITES[0]!, status: 'withdrawn' as const, version: 1 };
    expect(withSeed([withdrawn]).find((s) => s.id === 'CQ-MEAT')?.status).toBe('withdrawn');
    expect(policySitesOf(withSeed([withdrawn])).map((s) => s.id)).not.toContain('CQ-MEAT');
  });
});

describe('going-out facilitation (408号 三（五）)', () => {
  const record = (overrides: Partial<GoingOutView> = {}): GoingOutView => ({
    id: '01J00000000000000000000000',
    kind: 'overseas-agricultural',
    enterprise: importFiling().consignee.creditCode!,
    hsPrefixes: ['2008'],
    country: 'RU',
    risk: 'low',
    validFrom: '2016-01-01T00:00:00Z',
    validUntil: '2017-01-01T00:00:00Z',
    status: 'active',
    ...overrides,
  });
  const peanuts = importFiling({ tradeMode: 'overseas-grown-agricultural', goods: [goodsLine({ hsCode: '200811', originCountry: 'RU', categories: ['food'] })] });
  const verdict = (assessments: GoingOutView[]) =>
    goingOutVerdict({ tradeMode: peanuts.tradeMode, chineseParty: peanuts.consignee, goods: peanuts.goods, assessments, at: FILED_AT });

  it('facilitates only with a low-risk record in force of the enterprise for the product and country', () => {
    expect(verdict([record()])).toEqual({ kind: 'facilitated', refs: [record().id] });
    expect(verdict([])).toMatchObject({ kind: 'refused', code: 'GOING_OUT_NO_RISK_ASSESSMENT', goodsLines: [0] });
    expect(verdict([record({ country: 'KZ' })])).toMatchObject({ code: 'GOING_OUT_NO_RISK_ASSESSMENT' });
    expect(verdict([record({ status: 'withdrawn' })])).toMatchObject({ code: 'GOING_OUT_NO_RISK_ASSESSMENT' });
    expect(verdict([record({ validUntil: '2016-06-01T00:00:00Z' })])).toMatchObject({ code: 'GOING_OUT_NO_RISK_ASSESSMENT' });
    expect(verdict([record({ risk: 'medium' })])).toMatchObject({ code: 'GOING_OUT_RISK_NOT_LOW', refs: [record().id] });
    expect(goingOutVerdict({ tradeMode: 'general-trade', chineseParty: peanuts.consignee, goods: peanuts.goods, assessments: [], at: FILED_AT })).toEqual({ kind: 'not-applicable' });
  });

  it('lowers the level in the plan only when the verdict facilitates', () => {
    const without = planInspection(peanuts, inspectionContext());
    expect(codes(without)).toContain('GOING_OUT_NO_RISK_ASSESSMENT');
    expect(codes(without)).not.toContain('TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL');
    const withRecord = planInspection(peanuts, inspectionContext({ goingOutAssessments: [record()] }));
    expect(codes(withRecord)).toContain('TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL');
    expect(withRecord.destinationInspection?.level).toBe('document-review');
    expect(without.destinationInspection?.level).toBe('standard');
  });
});

describe('technical-trade-measure subscriptions', () => {
  const note = { country: 'KZ', hsPrefixes: ['8429'] };
  it('matches by country and by HS prefix either way, and never when inactive', () => {
    expect(noteMatches(tradeMeasureSubscriptionOf('E', {}, FILED_AT), note)).toBe(true);
    expect(noteMatches(tradeMeasureSubscriptionOf('E', { countries: ['KZ'], hsPrefixes: ['84'] }, FILED_AT), note)).toBe(true);
    expect(noteMatches(tradeMeasureSubscriptionOf('E', { hsPrefixes: ['842952'] }, FILED_AT), note)).toBe(true);
    expect(noteMatches(tradeMeasureSubscriptionOf('E', { countries: ['RU'] }, FILED_AT), note)).toBe(false);
    expect(noteMatches(tradeMeasureSubscriptionOf('E', { hsPrefixes: ['85'] }, FILED_AT), note)).toBe(false);
    expect(noteMatches(tradeMeasureSubscriptionOf('E', { active: false }, FILED_AT), note)).toBe(false);
  });
});

describe('return cargo statistics', () => {
  const facts: ClosingFacts = { outcome: 'released', portChecksCompleted: true, stoppedAtPort: false, portInspectionOpened: false, portAction: true, inspected: true, failed: false, escalations: 0, corridor: 'chongqing-duisburg' };
  const consignment = { ...importFiling(), responsibleBureaus: ['XJ', 'CQ'] as ['XJ', 'CQ'] };
  const totalsOf = (returnCargo: boolean) => contributionOf(consignment, { ...facts, returnCargo }).find((p) => p.scope === 'ALL' && p.dimension === 'corridor')!.counters;

  it('counts an import on an inbound train as return cargo of its corridor, with its containers and weight', () => {
    const figures = figuresOf(sumTotals([totalsOf(true), totalsOf(false)]));
    expect(figures.returnCargo).toEqual({ consignments: 1, containers: 1, netWeightKg: 1250, ofImports: { count: 1, of: 2, share: 0.5 } });
    expect(figuresOf(sumTotals([totalsOf(true)]), 'export').returnCargo.consignments).toBe(0);
  });
});
