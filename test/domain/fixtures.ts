import type { ConsignmentFiling } from '#shared/domain/consignment.ts';
import type { GoodsLine } from '#shared/domain/goods-line.ts';
import type { InspectionContext } from '#shared/domain/policy/context.ts';

/** Real-format codes whose check characters were computed with GB 32100 / ISO 6346. */
export const CREDIT_CODES = {
  chongqingImporter: '91500000MA5U000010',
  urumqiTrader: '91650100228600001L',
  yiwuExporter: '91330782MA28A0001M',
  /** A published code (Fuzhou), checked independently of our algorithm. */
  published: '91350100M000100Y43',
} as const;

export const CONTAINERS = ['CSQU3054383', 'MSKU1234565', 'TGHU0000013', 'TCNU9001003'] as const;

export const FILED_AT = '2016-09-01T08:00:00+08:00';

export function goodsLine(overrides: Partial<GoodsLine> = {}): GoodsLine {
  return {
    hsCode: '847130',
    description: 'portable computers / 便携式计算机',
    quantity: 500,
    unit: 'PCE',
    netWeightKg: 1250,
    originCountry: 'DE',
    categories: ['general'],
    ...overrides,
  };
}

export function importFiling(overrides: Partial<ConsignmentFiling> = {}): ConsignmentFiling {
  return {
    direction: 'import',
    portCode: 'ALASHANKOU',
    tradeMode: 'general-trade',
    transportMode: 'rail',
    destinationBureau: 'CQ',
    consignor: { name: 'Duisburg Trading GmbH', country: 'DE' },
    consignee: { name: '重庆渝欧进出口有限公司', country: 'CN', creditCode: CREDIT_CODES.chongqingImporter },
    containers: [{ number: 'CSQU3054383', sealNumber: 'DE-0001' }],
    goods: [goodsLine()],
    ...overrides,
  };
}

export function exportFiling(overrides: Partial<ConsignmentFiling> = {}): ConsignmentFiling {
  return {
    direction: 'export',
    portCode: 'ALASHANKOU',
    tradeMode: 'general-trade',
    transportMode: 'rail',
    originBureau: 'ZJ',
    consignor: { name: '义乌小商品出口有限公司', country: 'CN', creditCode: CREDIT_CODES.yiwuExporter },
    consignee: { name: 'Madrid Importaciones SL', country: 'ES' },
    containers: [{ number: 'MSKU1234565' }],
    goods: [goodsLine({ hsCode: '950300', description: 'toys / 玩具', originCountry: 'CN' })],
    ...overrides,
  };
}

export function inspectionContext(overrides: Partial<InspectionContext> = {}): InspectionContext {
  return {
    at: FILED_AT,
    epidemicAlerts: [],
    recognisedBodies: [],
    ...overrides,
  };
}

/** Measures as a bureau would configure them: sealed, designated site in CQ, 96 h. */
export const MEASURES: NonNullable<InspectionContext['highRiskAgriculturalMeasures']> = {
  sealedContainers: true,
  designatedSites: [
    {
      id: 'CQ-TUANJIECUN-MEAT',
      bureau: 'CQ',
      name: { zh: '重庆团结村进境肉类指定监管场地', en: 'Chongqing Tuanjiecun imported meat site' },
      hsPrefixes: ['02'],
    },
  ],
  maxTransitHours: 96,
};

export const FROZEN_PORK = goodsLine({
  hsCode: '020329',
  description: 'frozen pork / 冻猪肉',
  quantity: 24,
  unit: 'TNE',
  netWeightKg: 24000,
  originCountry: 'DE',
  categories: ['high-risk-agricultural', 'food', 'animal-product'],
});
