import { describe, expect, it } from 'vitest';
import {
  CONSIGNMENT_STATUSES,
  TERMINAL_STATUSES,
  chinesePartyOf,
  consignmentFilingObjectSchema,
  consignmentFilingSchema,
  consignmentSchema,
  createConsignment,
  inlandBureauOf,
  isTerminalStatus,
  responsibleBureausOf,
} from '#shared/domain/consignment.ts';
import { CREDIT_CODES, FILED_AT, exportFiling, goodsLine, importFiling } from './fixtures.ts';

function issues(value: unknown): Array<{ path: string; message: string }> {
  const result = consignmentFilingSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('consignment filing', () => {
  it('accepts a complete import and a complete export', () => {
    expect(issues(importFiling())).toEqual([]);
    expect(issues(exportFiling())).toEqual([]);
  });

  it('accepts all optional parts when they are valid', () => {
    const filing = importFiling({
      trainId: 'X8024-20160901',
      permits: [{ number: '2016CQ0001', kind: 'animal-plant-quarantine', quantity: 10, unit: 'TNE', goodsLine: 0 }],
      thirdPartyCertificates: [
        {
          bodyId: 'SGS-DE',
          certificateNumber: 'SGS-1',
          issuedAt: '2016-01-01T00:00:00Z',
          validUntil: '2017-01-01T00:00:00Z',
          scope: ['84', '847130'],
        },
      ],
    });
    expect(issues(filing)).toEqual([]);
  });

  it('normalises what clerks type (HS dots, container spaces, lower-case codes)', () => {
    const parsed = consignmentFilingSchema.parse(
      importFiling({
        containers: [{ number: 'csqu 305438 3' }],
        goods: [goodsLine({ hsCode: '8471.30', originCountry: 'de' })],
      }),
    );
    expect(parsed.containers[0]?.number).toBe('CSQU3054383');
    expect(parsed.goods[0]?.hsCode).toBe('847130');
    expect(parsed.goods[0]?.originCountry).toBe('DE');
  });

  it.each([
    ['an import without destination bureau', importFiling({ destinationBureau: undefined }), 'destinationBureau', 'destinationBureau is required for an import'],
    ['an export without origin bureau', exportFiling({ originBureau: undefined }), 'originBureau', 'originBureau is required for an export'],
    ['an import naming an origin bureau', importFiling({ originBureau: 'ZJ' }), 'originBureau', 'originBureau is only for an export'],
    ['an export naming a destination bureau', exportFiling({ destinationBureau: 'CQ' }), 'destinationBureau', 'destinationBureau is only for an import'],
    ['HQ as destination', importFiling({ destinationBureau: 'HQ' }), 'destinationBureau', 'HQ does not inspect'],
    [
      'a foreign consignee of an import',
      importFiling({ consignee: { name: 'X', country: 'DE', creditCode: CREDIT_CODES.chongqingImporter } }),
      'consignee.country',
      'the consignee of an import must be in China (CN)',
    ],
    [
      'a foreign consignor of an export',
      exportFiling({ consignor: { name: 'X', country: 'KZ', creditCode: CREDIT_CODES.yiwuExporter } }),
      'consignor.country',
      'the consignor of an export must be in China (CN)',
    ],
    [
      'a Chinese consignee without credit code',
      importFiling({ consignee: { name: '重庆公司', country: 'CN' } }),
      'consignee.creditCode',
      'the Chinese party needs a valid unified social credit code',
    ],
    [
      'a Chinese party with a bad credit code check character',
      importFiling({ consignee: { name: '重庆公司', country: 'CN', creditCode: '91500000MA5U000011' } }),
      'consignee.creditCode',
      'unified social credit code check character is wrong',
    ],
    ['no containers', importFiling({ containers: [] }), 'containers', 'at least one container is required'],
    [
      'a repeated container',
      importFiling({ containers: [{ number: 'CSQU3054383' }, { number: 'MSKU1234565' }, { number: 'csqu3054383' }] }),
      'containers.2.number',
      'container number CSQU3054383 repeats container 1',
    ],
    ['a bad container check digit', importFiling({ containers: [{ number: 'CSQU3054384' }] }), 'containers.0.number', '集装箱号校验位错误 / container number check digit is wrong'],
    ['no goods', importFiling({ goods: [] }), 'goods', 'at least one goods line is required'],
    ['a short HS code', importFiling({ goods: [goodsLine({ hsCode: '8471' })] }), 'goods.0.hsCode', 'HS code must be 6 to 10 digits'],
    ['a zero quantity', importFiling({ goods: [goodsLine({ quantity: 0 })] }), 'goods.0.quantity', 'quantity must be greater than zero'],
    ['an unknown unit', importFiling({ goods: [goodsLine({ unit: 'KG' as 'KGM' })] }), 'goods.0.unit', 'UN/ECE Recommendation 20'],
    ['a negative net weight', importFiling({ goods: [goodsLine({ netWeightKg: -1 })] }), 'goods.0.netWeightKg', 'net weight must be greater than zero'],
    ['an unknown origin country', importFiling({ goods: [goodsLine({ originCountry: 'EU' })] }), 'goods.0.originCountry', 'ISO 3166-1 alpha-2'],
    ['no goods category', importFiling({ goods: [goodsLine({ categories: [] })] }), 'goods.0.categories', 'at least one goods category is required'],
    ['general mixed with a category', importFiling({ goods: [goodsLine({ categories: ['general', 'bulk'] })] }), 'goods.0.categories', "'general' cannot be combined"],
    ['a repeated category', importFiling({ goods: [goodsLine({ categories: ['bulk', 'bulk'] })] }), 'goods.0.categories', 'goods categories are repeated'],
    ['an unknown category', importFiling({ goods: [goodsLine({ categories: ['fresh' as 'food'] })] }), 'goods.0.categories.0', 'unknown goods category'],
    ['an unknown port', importFiling({ portCode: 'HORGOS' as 'KHORGOS' }), 'portCode', '未知的口岸代码 / unknown port code'],
    ['an unknown direction', importFiling({ direction: 'transit' as 'import' }), 'direction', 'direction must be import or export'],
    ['market procurement on an import', importFiling({ tradeMode: 'market-procurement' }), 'tradeMode', 'market-procurement applies to exports only'],
    ['overseas-grown farm products on an export', exportFiling({ tradeMode: 'overseas-grown-agricultural' }), 'tradeMode', 'overseas-grown-agricultural applies to imports only'],
    [
      'a special item without a health quarantine approval',
      importFiling({ goods: [goodsLine({ hsCode: '300212', categories: ['special-item'] })] }),
      'goods.0.categories',
      'a special item needs a special-item-health approval',
    ],
    [
      'a permit pointing at a missing goods line',
      importFiling({ permits: [{ number: 'P1', kind: 'animal-plant-quarantine', quantity: 1, unit: 'TNE', goodsLine: 3 }] }),
      'permits.0.goodsLine',
      'the goods line of the permit does not exist',
    ],
    [
      'a certificate valid before it was issued',
      importFiling({
        thirdPartyCertificates: [
          { bodyId: 'B', certificateNumber: 'C', issuedAt: '2016-06-01T00:00:00Z', validUntil: '2016-05-01T00:00:00Z', scope: ['84'] },
        ],
      }),
      'thirdPartyCertificates.0.validUntil',
      'validUntil must be after issuedAt',
    ],
    [
      'a certificate with a local time',
      importFiling({
        thirdPartyCertificates: [
          { bodyId: 'B', certificateNumber: 'C', issuedAt: '2016-06-01T00:00:00', validUntil: '2017-05-01T00:00:00Z', scope: ['84'] },
        ],
      }),
      'thirdPartyCertificates.0.issuedAt',
      'timestamp must be ISO 8601 with an offset',
    ],
  ])('rejects %s, naming the field', (_name, filing, path, message) => {
    const found = issues(filing);
    expect(found.map((i) => i.path)).toContain(path);
    expect(found.find((i) => i.path === path)?.message).toContain(message);
  });

  it('accepts a special item covered by an approval for its line', () => {
    const filing = importFiling({
      goods: [goodsLine(), goodsLine({ hsCode: '300212', categories: ['special-item'] })],
      permits: [{ number: 'TSWP-2016-1', kind: 'special-item-health', quantity: 5, unit: 'LTR', goodsLine: 1 }],
    });
    expect(issues(filing)).toEqual([]);
  });

  it('gives bilingual messages, Chinese first', () => {
    const [first] = issues(importFiling({ destinationBureau: undefined }));
    expect(first?.message).toBe('进口须填写目的地直属局 / destinationBureau is required for an import');
  });

  it('keeps a base object schema for partial reuse', () => {
    expect(consignmentFilingObjectSchema.partial().safeParse({ portCode: 'ERENHOT' }).success).toBe(true);
  });
});

describe('consignment', () => {
  it('is created from a filing as filed, version 1, with its responsible bureaus', () => {
    const filing = consignmentFilingSchema.parse(importFiling());
    const consignment = createConsignment(filing, { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', at: FILED_AT });
    expect(consignment).toMatchObject({
      status: 'filed',
      version: 1,
      createdAt: FILED_AT,
      updatedAt: FILED_AT,
      portBureau: 'XJ',
      responsibleBureaus: ['XJ', 'CQ'],
    });
    expect(consignmentSchema.parse(consignment)).toEqual(consignment);
  });

  it('names one responsible bureau when the port bureau is also the inland bureau', () => {
    expect(responsibleBureausOf(exportFiling({ portCode: 'ERENHOT', originBureau: 'NM' }))).toEqual(['NM']);
  });

  it('finds the Chinese party and the inland bureau by direction', () => {
    expect(chinesePartyOf(importFiling()).creditCode).toBe(CREDIT_CODES.chongqingImporter);
    expect(chinesePartyOf(exportFiling()).creditCode).toBe(CREDIT_CODES.yiwuExporter);
    expect(inlandBureauOf(importFiling())).toBe('CQ');
    expect(inlandBureauOf(exportFiling())).toBe('ZJ');
    expect(() => inlandBureauOf(exportFiling({ originBureau: undefined }))).toThrow(/origin bureau/);
  });

  it('applies the filing rules to stored consignments too', () => {
    const consignment = createConsignment(consignmentFilingSchema.parse(importFiling()), { id: 'c1', at: FILED_AT });
    const result = consignmentSchema.safeParse({ ...consignment, destinationBureau: undefined });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['destinationBureau']);
    expect(consignmentSchema.safeParse({ ...consignment, version: 0 }).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'version',
    ]);
  });

  it('has released and rejected as its only terminal statuses', () => {
    expect(CONSIGNMENT_STATUSES.filter(isTerminalStatus)).toEqual([...TERMINAL_STATUSES]);
    expect(TERMINAL_STATUSES).toEqual(['released', 'rejected']);
  });
});
