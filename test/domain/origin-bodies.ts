import type { OriginApplicationInput } from '#shared/domain/origin/origin-application.ts';
import { CREDIT_CODES, exportFiling, goodsLine } from './fixtures.ts';

/**
 * Certificate-of-origin applications for the Yiwu exporter's toys (fixtures.ts `exportFiling`):
 * a general CO for Madrid, and a China–Georgia FTA CO for the same toys sold to Tbilisi.
 */
export function generalApplication(consignmentId: string, overrides: Partial<OriginApplicationInput> = {}): OriginApplicationInput {
  return {
    consignmentId,
    form: 'general',
    goods: [{ goodsLine: 0, criterion: 'WO' }],
    invoice: { number: 'YW-2016-0815', date: '2016-08-15' },
    transport: { from: 'Yiwu', to: 'Madrid', departureDate: '2016-08-18', trainNumber: 'X8024' },
    declaration: { signatory: '王小明', place: 'Yiwu', agreed: true },
    ...overrides,
  };
}

export function georgiaApplication(consignmentId: string, overrides: Partial<OriginApplicationInput> = {}): OriginApplicationInput {
  return {
    consignmentId,
    form: 'china-georgia-fta',
    goods: [{ goodsLine: 0, criterion: 'PSR', rule: { kind: 'RVC', valueContent: 55 } }],
    producer: { name: '义乌玩具制造有限公司', address: 'Yiwu, Zhejiang', country: 'CN' },
    invoice: { number: 'YW-2016-0816', date: '2016-08-15' },
    transport: { from: 'Yiwu', to: 'Tbilisi', departureDate: '2016-08-18', transitCountries: ['KZ', 'AZ'] },
    declaration: { signatory: '王小明', place: 'Yiwu', agreed: true },
    ...overrides,
  };
}

/** The Yiwu export sold to a Tbilisi importer: what a China–Georgia certificate covers. */
export const georgiaExport = () =>
  exportFiling({
    consignee: { name: 'Tbilisi Toys LLC', country: 'GE' },
    goods: [goodsLine({ hsCode: '950300', description: 'toys / 玩具', originCountry: 'CN' }), goodsLine({ hsCode: '847130', originCountry: 'DE' })],
  });

export const EXPORTER = CREDIT_CODES.yiwuExporter;
