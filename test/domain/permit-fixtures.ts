import type { BureauCode } from '#shared/domain/codes.ts';
import type { ConsignmentFilingInput } from '#shared/domain/consignment.ts';
import { MAX_PERMIT_HS_CODES } from '#shared/domain/limits.ts';
import { createPermit, type Permit, type PermitIssue } from '#shared/domain/permits/permit.ts';
import { CREDIT_CODES, FROZEN_PORK } from './fixtures.ts';

/**
 * A quarantine permit for frozen pork as the Chongqing destination bureau would issue it to the
 * Chongqing importer of `importFiling()`: Germany or Poland, through Alashankou, 240 t (ten
 * containers of `FROZEN_PORK`), valid for 2016 (`validFor` gives a year from another instant). The
 * POST /permits body.
 */
export function porkPermitIssue(overrides: Partial<PermitIssue> = {}): PermitIssue {
  return {
    number: '2016CQ0001',
    kind: 'animal-plant-quarantine',
    holder: { creditCode: CREDIT_CODES.chongqingImporter, name: '重庆渝欧进出口有限公司' },
    product: { description: 'frozen pork / 冻猪肉', hsCodes: ['0203'] },
    originCountries: ['DE', 'PL'],
    ports: ['ALASHANKOU'],
    quantity: 240,
    unit: 'TNE',
    validFrom: '2016-01-01T00:00:00+08:00',
    validUntil: '2016-12-31T23:59:59+08:00',
    ...overrides,
  };
}

/** A year's validity starting a day before `from` (a permit a filing made at `from` may cite). */
export function validFor(from: number | string = Date.now()): Pick<PermitIssue, 'validFrom' | 'validUntil'> {
  const start = new Date(from).getTime() - 24 * 3600_000;
  return { validFrom: new Date(start).toISOString(), validUntil: new Date(start + 365 * 24 * 3600_000).toISOString() };
}

/** The same permit as the register stores it, issued by `bureau`. */
export function porkPermit(overrides: Partial<PermitIssue> = {}, bureau: BureauCode = 'CQ', at = '2016-08-01T00:00:00.000Z'): Permit {
  return createPermit(porkPermitIssue(overrides), { at, bureau, subject: `officer-${bureau}` });
}

/** The citation of the pork permit for one `FROZEN_PORK` line (24 t). */
export function porkCitation(overrides: Record<string, unknown> = {}) {
  return { number: '2016CQ0001', kind: 'animal-plant-quarantine' as const, quantity: FROZEN_PORK.quantity, unit: FROZEN_PORK.unit, ...overrides };
}

/**
 * The permits a filing cites, as its Chinese party's bureau would register them (POST /permits
 * bodies): each covers the HS codes and origins of the filing's goods, at its port, with twice
 * the quantity cited, valid for a year around `at`. For fixtures whose permits must exist.
 */
export function permitsCitedBy(filing: ConsignmentFilingInput, at: number | string = Date.now()): PermitIssue[] {
  const chinese = filing.direction === 'import' ? filing.consignee : filing.consignor;
  const goods = filing.goods ?? [];
  return (filing.permits ?? []).map((citation) => {
    const lines = citation.goodsLine !== undefined ? [goods[citation.goodsLine]!] : goods;
    return {
      number: citation.number,
      kind: citation.kind,
      holder: { creditCode: chinese.creditCode ?? '', name: chinese.name },
      product: { description: 'as filed / 按申报', hsCodes: [...new Set(lines.map((g) => g.hsCode.slice(0, 4)))].slice(0, MAX_PERMIT_HS_CODES) },
      originCountries: [...new Set(filing.direction === 'import' ? lines.map((g) => g.originCountry) : [filing.consignee.country])],
      ports: [filing.portCode],
      quantity: citation.quantity * 2,
      unit: citation.unit,
      ...validFor(at),
    } as PermitIssue;
  });
}
