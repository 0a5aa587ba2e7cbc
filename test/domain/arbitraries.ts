import fc from 'fast-check';
import { BUREAU_CODES, GOODS_CATEGORIES, PORT_CODES, TRADE_MODES, TRANSPORT_MODES, RISK_GRADES, type Direction, type GoodsCategory } from '#shared/domain/codes.ts';
import type { ConsignmentFiling } from '#shared/domain/consignment.ts';
import type { GoodsLine } from '#shared/domain/goods-line.ts';
import type { InspectionContext } from '#shared/domain/policy/context.ts';
import { containerCheckDigit } from '#shared/domain/validators/container-number.ts';
import { creditCodeCheckCharacter } from '#shared/domain/validators/credit-code.ts';
import { UNIT_CODES } from '#shared/domain/validators/quantity.ts';
import { FILED_AT, MEASURES } from './fixtures.ts';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('');
const DIGITS = '0123456789'.split('');

export const COUNTRIES = ['DE', 'PL', 'RU', 'KZ', 'ES', 'CZ', 'CN'] as const;
/** A handful of real chapters: meat, fruit, cereals, chemicals, pharma, machines, toys, furniture. */
export const CHAPTERS = ['02', '08', '10', '28', '30', '84', '94', '95'] as const;
export const BODIES = ['TUV', 'SGS', 'BV'] as const;

const chars = (alphabet: string[], n: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((a) => a.join(''));

export const containerNumberArb = fc
  .tuple(chars(LETTERS, 3), chars(DIGITS, 6))
  .map(([owner, serial]) => `${owner}U${serial}`)
  .map((first10) => `${first10}${containerCheckDigit(first10)}`);

export const creditCodeArb = fc
  .tuple(chars(CREDIT_ALPHABET, 2), chars(DIGITS, 6), chars(CREDIT_ALPHABET, 9))
  .map((parts) => parts.join(''))
  .map((first17) => `${first17}${creditCodeCheckCharacter(first17) ?? ''}`);

export const hsCodeArb = fc
  .tuple(fc.constantFrom(...CHAPTERS), chars(DIGITS, 4))
  .map(([chapter, rest]) => `${chapter}${rest}`);

const SPECIAL = GOODS_CATEGORIES.filter((c) => c !== 'general');
export const categoriesArb: fc.Arbitrary<GoodsCategory[]> = fc.oneof(
  fc.constant<GoodsCategory[]>(['general']),
  fc.uniqueArray(fc.constantFrom(...SPECIAL), { minLength: 1, maxLength: 3 }),
);

export const goodsLineArb = (categories: fc.Arbitrary<GoodsCategory[]> = categoriesArb): fc.Arbitrary<GoodsLine> =>
  fc.record({
    hsCode: hsCodeArb,
    description: fc.constantFrom('goods / 货物', 'machine parts / 机械零件', 'frozen meat / 冻肉'),
    quantity: fc.integer({ min: 1, max: 100_000 }),
    unit: fc.constantFrom(...UNIT_CODES),
    netWeightKg: fc.integer({ min: 1, max: 30_000 }),
    originCountry: fc.constantFrom(...COUNTRIES),
    categories,
  });

const inlandBureauArb = fc.constantFrom(...BUREAU_CODES.filter((b) => b !== 'HQ'));

/** Validity windows around FILED_AT: expired, valid, valid across offsets, not yet valid. */
const VALIDITY: ReadonlyArray<readonly [string, string]> = [
  ['2016-01-01T00:00:00Z', '2016-08-15T00:00:00Z'],
  ['2016-01-01T00:00:00Z', '2017-01-01T00:00:00Z'],
  ['2016-08-01T00:00:00+08:00', '2018-01-01T00:00:00+02:00'],
  ['2016-09-02T00:00:00Z', '2017-09-02T00:00:00Z'],
];

const certificateArb = fc
  .record({
    bodyId: fc.constantFrom(...BODIES),
    certificateNumber: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `CERT-${s.trim() || 'x'}`),
    validity: fc.constantFrom(...VALIDITY),
    scope: fc.uniqueArray(fc.constantFrom(...CHAPTERS), { minLength: 1, maxLength: 4 }),
  })
  .map(({ validity: [issuedAt, validUntil], ...rest }) => ({ ...rest, issuedAt, validUntil }));

const DIRECTION_TRADE_MODES: Record<Direction, ConsignmentFiling['tradeMode'][]> = {
  import: TRADE_MODES.filter((m) => m !== 'market-procurement'),
  export: TRADE_MODES.filter((m) => m !== 'overseas-grown-agricultural'),
};

/** A valid filing; `categories` narrows the goods lines for a property. */
export function filingArb(
  direction: Direction,
  categories: fc.Arbitrary<GoodsCategory[]> = categoriesArb,
): fc.Arbitrary<ConsignmentFiling> {
  return fc
    .record({
      portCode: fc.constantFrom(...PORT_CODES),
      tradeMode: fc.constantFrom(...DIRECTION_TRADE_MODES[direction]),
      transportMode: fc.constantFrom(...TRANSPORT_MODES),
      inland: inlandBureauArb,
      creditCode: creditCodeArb,
      foreignCountry: fc.constantFrom(...COUNTRIES.filter((c) => c !== 'CN')),
      containers: fc.uniqueArray(containerNumberArb, { minLength: 1, maxLength: 3 }),
      sealed: fc.boolean(),
      goods: fc.array(goodsLineArb(categories), { minLength: 1, maxLength: 4 }),
      certificates: fc.option(fc.array(certificateArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    })
    .map((r) => {
      const chinese = { name: '中国企业有限公司', country: 'CN', creditCode: r.creditCode };
      const foreign = { name: 'Foreign Partner Ltd', country: r.foreignCountry };
      const needsApproval = r.goods.some((g) => g.categories.includes('special-item'));
      return {
        direction,
        portCode: r.portCode,
        tradeMode: r.tradeMode,
        transportMode: r.transportMode,
        ...(direction === 'import' ? { destinationBureau: r.inland } : { originBureau: r.inland }),
        consignor: direction === 'import' ? foreign : chinese,
        consignee: direction === 'import' ? chinese : foreign,
        containers: r.containers.map((number, i) => (r.sealed ? { number, sealNumber: `S-${i}` } : { number })),
        goods: r.goods,
        ...(needsApproval
          ? { permits: [{ number: 'TSWP-1', kind: 'special-item-health' as const, quantity: 1, unit: 'PCE' as const }] }
          : {}),
        ...(r.certificates ? { thirdPartyCertificates: r.certificates } : {}),
        // 408号 三（四）: a global-maintenance re-export cites its repair import.
        ...(r.tradeMode === 'global-maintenance' && direction === 'export' ? { maintenance: { importId: 'REPAIR-IMPORT-1' } } : {}),
      };
    });
}

export const alertArb = fc.record({
  id: fc.uuid(),
  country: fc.constantFrom(...COUNTRIES),
  hsPrefixes: fc.uniqueArray(fc.constantFrom(...CHAPTERS), { minLength: 1, maxLength: 2 }),
});

export const contextArb = (alerts: fc.Arbitrary<InspectionContext['epidemicAlerts']> = fc.array(alertArb, { maxLength: 3 })) =>
  fc.record({
    at: fc.constant(FILED_AT),
    epidemicAlerts: alerts,
    recognisedBodies: fc
      .subarray([...BODIES])
      .map((ids) => ids.map((id) => ({ id, name: id, country: 'DE' }))),
    highRiskAgriculturalMeasures: fc.constantFrom(null, MEASURES, { sealedContainers: true }),
    enterpriseRiskGrade: fc.option(fc.constantFrom(...RISK_GRADES), { nil: undefined }),
    expectedTransitHours: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  });
