import { describe, expect, it } from 'vitest';
import { consignmentFilingSchema, type ConsignmentFiling } from '#shared/domain/consignment.ts';
import { createPermit, permitIssueSchema, permitStanding, type Permit } from '#shared/domain/permits/permit.ts';
import { mayCancelPermit, mayViewPermit, permitListingScope } from '#shared/domain/permits/permit-access.ts';
import { PERMIT_REASON_CODES } from '#shared/domain/permits/permit-reasons.ts';
import { permitRequirements } from '#shared/domain/permits/permit-requirements.ts';
import { amountIn, verifyPermitCitations, type PermitFinding } from '#shared/domain/permits/permit-verification.ts';
import { explain } from '#shared/domain/policy/reasons.ts';
import { REASON_CODES } from '#shared/domain/reason-codes.ts';
import { CREDIT_CODES, FROZEN_PORK, exportFiling, goodsLine, importFiling } from './fixtures.ts';
import { porkCitation, porkPermit, porkPermitIssue } from './permit-fixtures.ts';

const AT = '2016-09-01T00:00:00.000Z';

function verify(filing: Partial<ConsignmentFiling>, permits: Permit[], options: { at?: string; consignmentId?: string } = {}) {
  return verifyPermitCitations({
    filing: importFiling(filing),
    register: new Map(permits.map((p) => [p.number, p])),
    at: options.at ?? AT,
    ...(options.consignmentId !== undefined && { consignmentId: options.consignmentId }),
  });
}

/** `field: CODE` per finding, as a client reads the problem. */
const named = (findings: PermitFinding[]) => findings.map((f) => `${f.path.join('.')}: ${f.reason.code}`);

const porkFiling = (overrides: Partial<ConsignmentFiling> = {}): Partial<ConsignmentFiling> => ({ goods: [FROZEN_PORK], permits: [porkCitation()], ...overrides });

describe('which goods need a permit or approval (进境动植物检疫许可、特殊物品审批)', () => {
  it.each([
    ['live cattle', 'import', '010221', [], 'PERMIT_REQUIRED_LIVE_ANIMALS'],
    ['frozen pork', 'import', '020329', [], 'PERMIT_REQUIRED_MEAT'],
    ['sausage casings', 'import', '050400', [], 'PERMIT_REQUIRED_MEAT'],
    ['frozen cod fillets', 'import', '030471', [], 'PERMIT_REQUIRED_AQUATIC'],
    ['pasteurised milk', 'import', '040120', [], 'PERMIT_REQUIRED_DAIRY_EGGS'],
    ['fresh hen eggs', 'import', '040721', [], 'PERMIT_REQUIRED_DAIRY_EGGS'],
    ['raw sheep skins', 'import', '410221', [], 'PERMIT_REQUIRED_NON_EDIBLE_ANIMAL'],
    ['greasy wool', 'import', '510111', [], 'PERMIT_REQUIRED_NON_EDIBLE_ANIMAL'],
    ['seed potatoes', 'import', '070110', [], 'PERMIT_REQUIRED_PROPAGATING_MATERIAL'],
    ['vegetable seeds for sowing', 'import', '120991', [], 'PERMIT_REQUIRED_PROPAGATING_MATERIAL'],
    ['fresh apples', 'import', '080810', [], 'PERMIT_REQUIRED_FRUIT_VEGETABLES'],
    ['tomatoes', 'import', '070200', [], 'PERMIT_REQUIRED_FRUIT_VEGETABLES'],
    ['wheat', 'import', '100199', [], 'PERMIT_REQUIRED_GRAIN'],
    ['rapeseed', 'import', '120510', [], 'PERMIT_REQUIRED_GRAIN'],
    ['soybean meal', 'import', '230400', [], 'PERMIT_REQUIRED_FEED'],
    ['alfalfa hay', 'import', '121410', [], 'PERMIT_REQUIRED_FEED'],
    ['leaf tobacco', 'import', '240110', [], 'PERMIT_REQUIRED_TOBACCO'],
    ['human vaccines (import)', 'import', '300241', [], 'APPROVAL_REQUIRED_SPECIAL_ITEM'],
    ['human blood fractions (export)', 'export', '300212', [], 'APPROVAL_REQUIRED_SPECIAL_ITEM'],
    ['a declared special item outside chapter 30', 'export', '382200', ['special-item'], 'APPROVAL_REQUIRED_SPECIAL_ITEM'],
  ] as const)('%s need one: %s %s → %s', (_name, direction, hsCode, categories, code) => {
    const line = goodsLine({ hsCode, ...(categories.length > 0 && { categories: [...categories] }) });
    expect(permitRequirements({ direction, goods: [goodsLine(), line] })).toEqual([{ goodsLine: 1, kind: code === 'APPROVAL_REQUIRED_SPECIAL_ITEM' ? 'special-item-health' : 'animal-plant-quarantine', code }]);
  });

  it.each([
    ['milk powder (not in the catalogue)', 'import', '040221'],
    ['cheese', 'import', '040690'],
    ['canned meat (chapter 16)', 'import', '160250'],
    ['logs', 'import', '440399'],
    ['green tea', 'import', '090210'],
    ['frozen pork leaving China (the permit is for entry)', 'export', '020329'],
    ['veterinary vaccines (licensed as veterinary drugs)', 'import', '300242'],
    ['portable computers', 'import', '847130'],
  ] as const)('%s need none', (_name, direction, hsCode) => {
    expect(permitRequirements({ direction, goods: [goodsLine({ hsCode })] })).toEqual([]);
  });

  it('names every reason code in the one list, with a bilingual text and the provision', () => {
    for (const code of PERMIT_REASON_CODES) {
      expect(REASON_CODES).toContain(code);
      const reason = explain(code, { portBureau: { zh: '新疆局', en: 'Xinjiang CIQ' }, inlandBureau: { zh: '重庆局', en: 'Chongqing CIQ' }, refs: ['P-1'], goodsLines: [0] });
      expect(reason.text.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(reason.text.en).toMatch(/[a-z]/);
      expect(reason.rule).toMatch(/《|408号/);
    }
  });
});

describe('automatic verification of a cited permit (自动校验)', () => {
  it('accepts a matching citation and draws its quantity for the lines it covers', () => {
    const result = verify(porkFiling({ goods: [goodsLine(), FROZEN_PORK] }), [porkPermit()]);
    expect(result.findings).toEqual([]);
    expect(result.draws).toEqual([{ number: '2016CQ0001', quantity: 24, goodsLines: [1] }]);
  });

  it('asks for a permit under `permits` when goods need one and none is cited', () => {
    const result = verify({ goods: [goodsLine(), FROZEN_PORK, goodsLine({ hsCode: '020230', categories: ['animal-product'] })] }, []);
    expect(named(result.findings)).toEqual(['permits: PERMIT_REQUIRED_MEAT']);
    expect(result.findings[0]!.reason.goodsLines).toEqual([1, 2]);
    expect(result.findings[0]!.reason.text.en).toMatch(/goods line\(s\) 2, 3: meat/);
    expect(result.findings[0]!.conflict).toBe(false);
  });

  it.each<[string, Partial<ConsignmentFiling>, () => Permit[], string[]]>([
    ['an unregistered number', porkFiling({ permits: [porkCitation({ number: 'NO-SUCH' })] }), () => [porkPermit()], ['permits.0.number: PERMIT_UNKNOWN']],
    [
      'a permit held by another enterprise (unknown to this filer)',
      porkFiling(),
      () => [porkPermit({ holder: { creditCode: CREDIT_CODES.urumqiTrader, name: 'other' } })],
      ['permits.0.number: PERMIT_UNKNOWN'],
    ],
    ['the same permit twice', porkFiling({ permits: [porkCitation(), porkCitation()] }), () => [porkPermit()], ['permits.1.number: PERMIT_CITED_TWICE']],
    ['another kind', porkFiling({ permits: [porkCitation({ kind: 'special-item-health' })] }), () => [porkPermit()], ['permits.0.kind: PERMIT_KIND_MISMATCH']],
    ['a cancelled permit', porkFiling(), () => [{ ...porkPermit(), status: 'cancelled' }], ['permits.0.number: PERMIT_CANCELLED']],
    ['an expired permit', porkFiling(), () => [porkPermit({ validFrom: '2015-01-01T00:00:00Z', validUntil: '2015-12-31T00:00:00Z' })], ['permits.0.number: PERMIT_NOT_VALID']],
    ['a permit not yet valid', porkFiling(), () => [porkPermit({ validFrom: '2017-01-01T00:00:00Z', validUntil: '2017-12-31T00:00:00Z' })], ['permits.0.number: PERMIT_NOT_VALID']],
    ['another port', porkFiling(), () => [porkPermit({ ports: ['MANZHOULI', 'ERENHOT'] })], ['portCode: PERMIT_PORT_NOT_PERMITTED']],
    ['goods from a country it does not allow', porkFiling({ goods: [{ ...FROZEN_PORK, originCountry: 'FR' }] }), () => [porkPermit()], ['goods.0.originCountry: PERMIT_ORIGIN_NOT_ALLOWED']],
    [
      'a line outside its product, named by goodsLine',
      porkFiling({ permits: [porkCitation({ goodsLine: 0 })] }),
      () => [porkPermit({ product: { description: 'beef', hsCodes: ['0201', '0202'] } })],
      ['goods.0.hsCode: PERMIT_PRODUCT_NOT_COVERED'],
    ],
    [
      'a product that covers none of the goods',
      porkFiling(),
      () => [porkPermit({ product: { description: 'beef', hsCodes: ['0201', '0202'] } })],
      ['permits.0.number: PERMIT_PRODUCT_NOT_COVERED', 'goods.0: PERMIT_REQUIRED_MEAT'],
    ],
    [
      'a product limited to categories the line does not declare',
      porkFiling({ goods: [{ ...FROZEN_PORK, categories: ['high-risk-agricultural', 'animal-product'] }] }),
      () => [porkPermit({ product: { description: 'pork for food', hsCodes: ['0203'], categories: ['food'] } })],
      ['permits.0.number: PERMIT_PRODUCT_NOT_COVERED', 'goods.0: PERMIT_REQUIRED_MEAT'],
    ],
    ['another unit', porkFiling({ permits: [porkCitation({ unit: 'KGM', quantity: 24000 })] }), () => [porkPermit()], ['permits.0.unit: PERMIT_UNIT_MISMATCH']],
    [
      'goods in a unit that does not convert to the permit’s',
      porkFiling({ permits: [porkCitation({ unit: 'PCE', quantity: 24 })] }),
      () => [porkPermit({ unit: 'PCE' })],
      ['goods.0.unit: PERMIT_UNIT_MISMATCH'],
    ],
    ['less than the goods declare', porkFiling({ permits: [porkCitation({ quantity: 20 })] }), () => [porkPermit()], ['permits.0.quantity: PERMIT_QUANTITY_MISMATCH']],
    ['more than the goods declare', porkFiling({ permits: [porkCitation({ quantity: 30 })] }), () => [porkPermit()], ['permits.0.quantity: PERMIT_QUANTITY_MISMATCH']],
    [
      'two permits claiming one line',
      porkFiling({ permits: [porkCitation(), porkCitation({ number: '2016CQ0002' })] }),
      () => [porkPermit(), porkPermit({ number: '2016CQ0002' })],
      ['permits.0.goodsLine: PERMIT_LINE_AMBIGUOUS', 'permits.1.goodsLine: PERMIT_LINE_AMBIGUOUS'],
    ],
    [
      'a line split in parts that do not add up',
      porkFiling({ permits: [porkCitation({ goodsLine: 0, quantity: 12 }), porkCitation({ number: '2016CQ0002', goodsLine: 0, quantity: 10 })] }),
      () => [porkPermit(), porkPermit({ number: '2016CQ0002' })],
      ['permits.0.quantity: PERMIT_QUANTITY_MISMATCH', 'permits.1.quantity: PERMIT_QUANTITY_MISMATCH'],
    ],
    [
      'special items by HS code, cited with no approval',
      { goods: [goodsLine({ hsCode: '300241', unit: 'LTR', quantity: 50 })], permits: [] },
      () => [],
      ['permits: APPROVAL_REQUIRED_SPECIAL_ITEM'],
    ],
  ])('names the field and the rule for %s', (_name, filing, permits, expected) => {
    const result = verify(filing, permits());
    expect(named(result.findings)).toEqual(expected);
    expect(result.draws).toEqual([]);
    for (const f of result.findings) {
      expect(f.conflict).toBe(false);
      expect(f.reason.rule.length).toBeGreaterThan(0);
    }
  });

  it('refuses a short balance as a conflict (409), and not for a retried filing that holds its reservation already', () => {
    const short = { ...porkPermit(), remaining: 10, reserved: 230 };
    const result = verify(porkFiling(), [short]);
    expect(named(result.findings)).toEqual(['permits.0.quantity: PERMIT_BALANCE_INSUFFICIENT']);
    expect(result.findings[0]!.conflict).toBe(true);
    expect(result.findings[0]!.reason.text.en).toMatch(/10 TNE left, 24 TNE cited/);

    const held: Permit = { ...porkPermit(), remaining: 0, reserved: 240, uses: { 'C-1': { consignmentId: 'C-1', quantity: 24, state: 'reserved', reservedAt: AT } } };
    expect(verify(porkFiling(), [held], { consignmentId: 'C-1' }).findings).toEqual([]);
    expect(named(verify(porkFiling(), [held], { consignmentId: 'C-2' }).findings)).toEqual(['permits.0.quantity: PERMIT_BALANCE_INSUFFICIENT']);
  });

  it('splits a line between permits, converts mass units, and reports several problems at once', () => {
    const split = verify(porkFiling({ permits: [porkCitation({ goodsLine: 0, quantity: 12 }), porkCitation({ number: '2016CQ0002', goodsLine: 0, quantity: 12000, unit: 'KGM' })] }), [
      porkPermit(),
      porkPermit({ number: '2016CQ0002', unit: 'KGM', quantity: 100000 }),
    ]);
    expect(split.findings).toEqual([]);
    expect(split.draws.map((d) => d.quantity)).toEqual([12, 12000]);
    expect(amountIn(FROZEN_PORK, 'KGM')).toBe(24000);
    expect(amountIn({ ...FROZEN_PORK, unit: 'XCT', quantity: 1200 }, 'TNE')).toBe(24);

    const many = verify(porkFiling({ portCode: 'KHORGOS', goods: [{ ...FROZEN_PORK, originCountry: 'BR' }], permits: [porkCitation({ quantity: 25 })] }), [{ ...porkPermit(), status: 'cancelled' }]);
    expect(named(many.findings)).toEqual([
      'permits.0.number: PERMIT_CANCELLED',
      'portCode: PERMIT_PORT_NOT_PERMITTED',
      'goods.0.originCountry: PERMIT_ORIGIN_NOT_ALLOWED',
      'permits.0.quantity: PERMIT_QUANTITY_MISMATCH',
    ]);
  });

  it('verifies an export special-item approval against the consignor', () => {
    const approval = createPermit(
      porkPermitIssue({
        number: 'TSWP-2016-0001',
        kind: 'special-item-health',
        holder: { creditCode: CREDIT_CODES.yiwuExporter, name: '义乌' },
        product: { description: 'diagnostic antisera', hsCodes: ['3002'] },
        originCountries: ['ES'],
        unit: 'LTR',
        quantity: 100,
      }),
      { at: AT, bureau: 'ZJ', subject: 'officer-ZJ' },
    );
    const filing = exportFiling({
      goods: [goodsLine({ hsCode: '300215', unit: 'LTR', quantity: 20, originCountry: 'CN', categories: ['special-item'] })],
      permits: [{ number: 'TSWP-2016-0001', kind: 'special-item-health', quantity: 20, unit: 'LTR' }],
    });
    // For an export the approval's countries are where the goods go: the consignee's country.
    const register = new Map([[approval.number, approval]]);
    expect(verifyPermitCitations({ filing, register, at: AT })).toEqual({ findings: [], draws: [{ number: 'TSWP-2016-0001', quantity: 20, goodsLines: [0] }] });
    const elsewhere = { ...filing, consignee: { ...filing.consignee, country: 'FR' } };
    expect(named(verifyPermitCitations({ filing: elsewhere, register, at: AT }).findings)).toEqual(['consignee.country: PERMIT_ORIGIN_NOT_ALLOWED']);
  });
});

describe('the register: issue, standing, who may see and cancel', () => {
  it('validates an issue: window order and length, repeated entries, number shape', () => {
    expect(permitIssueSchema.safeParse(porkPermitIssue({ number: ' 2016cq0001 ' })).data?.number).toBe('2016CQ0001');
    const bad = permitIssueSchema.safeParse({ ...porkPermitIssue(), number: '许可证', validFrom: '2016-01-01T00:00:00Z', validUntil: '2015-01-01T00:00:00Z', ports: ['ALASHANKOU', 'ALASHANKOU'] });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['number', 'ports', 'validUntil']);
    const long = permitIssueSchema.safeParse(porkPermitIssue({ validFrom: '2016-01-01T00:00:00Z', validUntil: '2018-01-01T00:00:00Z' }));
    expect(long.error?.issues.map((i) => i.path.join('.'))).toEqual(['validUntil']);
  });

  it('tells its standing: active, not yet valid, expired, exhausted, cancelled', () => {
    const p = porkPermit();
    expect(permitStanding(p, AT)).toBe('active');
    expect(permitStanding(p, '2015-06-01T00:00:00Z')).toBe('not-yet-valid');
    expect(permitStanding(p, '2100-06-01T00:00:00Z')).toBe('expired');
    expect(permitStanding({ ...p, remaining: 0, reserved: 24 }, AT)).toBe('active');
    expect(permitStanding({ ...p, remaining: 0, reserved: 0 }, AT)).toBe('exhausted');
    expect(permitStanding({ ...p, status: 'cancelled' }, AT)).toBe('cancelled');
  });

  it('shows a permit to its holder, every bureau and HQ; lets its bureau and HQ cancel it; scopes listings', () => {
    const p = porkPermit();
    const holder = { role: 'declarant', bureau: 'CQ', enterprise: CREDIT_CODES.chongqingImporter } as const;
    const other = { role: 'declarant', bureau: 'XJ', enterprise: CREDIT_CODES.urumqiTrader } as const;
    expect([holder, other, { role: 'officer', bureau: 'HL' } as const, { role: 'hq', bureau: 'HQ' } as const].map((c) => mayViewPermit(c, p))).toEqual([true, false, true, true]);
    expect([{ role: 'officer', bureau: 'CQ' } as const, { role: 'officer', bureau: 'XJ' } as const, { role: 'hq', bureau: 'HQ' } as const, holder].map((c) => mayCancelPermit(c, p))).toEqual([true, false, true, false]);

    expect(permitListingScope(holder, {})).toEqual({ holder: CREDIT_CODES.chongqingImporter });
    expect(permitListingScope(holder, { holder: CREDIT_CODES.urumqiTrader })).toBeUndefined();
    expect(permitListingScope({ role: 'officer', bureau: 'CQ' }, {})).toEqual({ issuedBy: 'CQ' });
    expect(permitListingScope({ role: 'officer', bureau: 'CQ' }, { bureau: 'XJ' })).toBeUndefined();
    expect(permitListingScope({ role: 'officer', bureau: 'CQ' }, { holder: CREDIT_CODES.urumqiTrader })).toEqual({ holder: CREDIT_CODES.urumqiTrader });
    expect(permitListingScope({ role: 'hq', bureau: 'HQ' }, {})).toEqual({});
    expect(permitListingScope({ role: 'hq', bureau: 'HQ' }, { bureau: 'XJ' })).toEqual({ issuedBy: 'XJ' });
  });

  it('the filing schema still asks special items to cite an approval before verification', () => {
    const parsed = consignmentFilingSchema.safeParse(importFiling({ goods: [goodsLine({ hsCode: '300241', categories: ['special-item'] })] }));
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['goods.0.categories']);
  });
});
