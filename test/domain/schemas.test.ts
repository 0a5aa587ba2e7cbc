import { describe, expect, it } from 'vitest';
import { enterpriseSchema, partySchema } from '#shared/domain/party.ts';
import { inspectionContextSchema } from '#shared/domain/policy/context.ts';
import {
  CONDITIONAL_IMPORT_CATEGORIES,
  EXPORT_EXCEPTED_CATEGORIES,
  IMPORT_EXCEPTED_CATEGORIES,
  PHYSICAL_INSPECTION_CATEGORIES,
  exceptedCategories,
  exceptedGoodsLines,
} from '#shared/domain/policy/excepted-categories.ts';
import { resolveInspectionLevel } from '#shared/domain/policy/inspection-level.ts';
import { trainRegistrationSchema } from '#shared/domain/trains/train-registration.ts';
import { CREDIT_CODES, FILED_AT, MEASURES, goodsLine } from './fixtures.ts';

const paths = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('train', () => {
  const train = {
    trainNumber: 'X8024',
    direction: 'outbound',
    corridorId: 'yiwu-madrid',
    portCode: 'ALASHANKOU',
    originCity: 'Yiwu',
    destinationCity: 'Madrid',
    plannedDeparture: '2016-09-01T10:00:00+08:00',
    plannedBorderCrossing: '2016-09-08T10:00:00+08:00',
    plannedArrival: '2016-09-21T10:00:00+02:00',
    containerCapacity: 41,
  };

  it('accepts a registration', () => {
    expect(trainRegistrationSchema.parse(train)).toEqual(train);
  });

  it('names the failing fields', () => {
    expect(paths(trainRegistrationSchema.safeParse({ ...train, plannedBorderCrossing: '2016-09-08 10:00', direction: 'export' }))).toEqual([
      'direction',
      'plannedBorderCrossing',
    ]);
    expect(paths(trainRegistrationSchema.safeParse({ ...train, corridorId: undefined, inlandBureau: 'HQ' }))).toEqual(['inlandBureau']);
  });
});

describe('parties and enterprises', () => {
  it('accepts a foreign party without credit code and a graded Chinese enterprise', () => {
    expect(partySchema.parse({ name: ' Łódź Logistics ', country: 'pl' })).toEqual({ name: 'Łódź Logistics', country: 'PL' });
    const enterprise = { creditCode: CREDIT_CODES.published, name: { zh: '福州某公司' }, riskGrade: 'A' };
    expect(enterpriseSchema.parse(enterprise)).toEqual(enterprise);
  });

  it('rejects an empty name and an unknown grade, naming the fields', () => {
    expect(paths(partySchema.safeParse({ name: '  ', country: 'DE' }))).toEqual(['name']);
    const result = enterpriseSchema.safeParse({ creditCode: CREDIT_CODES.published, name: { zh: '公司' }, riskGrade: 'E' });
    expect(result.error?.issues[0]?.message).toBe('企业风险等级须为 A、B、C 或 D / risk grade must be A, B, C or D');
  });
});

describe('inspection context', () => {
  it('accepts a full context as stored configuration', () => {
    const context = {
      at: FILED_AT,
      epidemicAlerts: [{ id: 'A1', country: 'DE', hsPrefixes: ['0203'], activeUntil: '2016-12-31T23:59:59Z' }],
      recognisedBodies: [{ id: 'TUV', name: 'TÜV Rheinland', country: 'DE', scope: ['84', '85'] }],
      highRiskAgriculturalMeasures: MEASURES,
      enterpriseRiskGrade: 'C',
      expectedTransitHours: 72,
    };
    expect(inspectionContextSchema.parse(context)).toEqual(context);
  });

  it('rejects an alert without commodities and a bad country', () => {
    const result = inspectionContextSchema.safeParse({
      at: FILED_AT,
      epidemicAlerts: [{ id: 'A1', country: 'XX', hsPrefixes: [] }],
      recognisedBodies: [],
    });
    expect(paths(result)).toEqual(['epidemicAlerts.0.country', 'epidemicAlerts.0.hsPrefixes']);
  });
});

describe('excepted categories (for the pre-arrival notice)', () => {
  it('lists the exceptions of each direction as 408号 三（一） names them', () => {
    expect(exceptedCategories('import')).toEqual(['waste-raw-material', 'hazardous-chemical', 'bulk']);
    expect(exceptedCategories('export')).toEqual(['dangerous-goods', 'hazardous-chemical', 'bulk']);
    expect(IMPORT_EXCEPTED_CATEGORIES).toEqual(exceptedCategories('import'));
    expect(EXPORT_EXCEPTED_CATEGORIES).toEqual(exceptedCategories('export'));
    expect(CONDITIONAL_IMPORT_CATEGORIES).toEqual(['high-risk-agricultural']);
    expect(PHYSICAL_INSPECTION_CATEGORIES).toEqual(
      expect.arrayContaining(['waste-raw-material', 'dangerous-goods', 'high-risk-agricultural', 'special-item']),
    );
  });

  it('finds the excepted goods lines', () => {
    const goods = [
      goodsLine(),
      goodsLine({ categories: ['dangerous-goods'] }),
      goodsLine({ categories: ['food', 'bulk'] }),
    ];
    expect(exceptedGoodsLines(goods, 'import')).toEqual([2]);
    expect(exceptedGoodsLines(goods, 'export')).toEqual([1, 2]);
  });
});

describe('inspection level arithmetic', () => {
  it.each([
    [[], [], 'standard'],
    [[-1], [], 'document-review'],
    [[-1, -1, -1], [], 'document-review'],
    [[1, 1], [], 'intensified'],
    [[-1], ['standard'], 'standard'],
    [[-1, -1], ['intensified'], 'intensified'],
  ] as const)('steps %j with floors %j give %s', (steps, floors, level) => {
    expect(resolveInspectionLevel(steps, floors)).toBe(level);
  });
});
