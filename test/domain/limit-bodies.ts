import type { ConsignmentFilingInput } from '#shared/domain/consignment.ts';
import { GOODS_CATEGORIES, type GoodsCategory } from '#shared/domain/codes.ts';
import {
  MAX_CERTIFICATE_BODY_ID_LENGTH,
  MAX_CERTIFICATE_NUMBER_LENGTH,
  MAX_CERTIFICATE_SCOPE,
  MAX_CONTAINER_FINDING_LENGTH,
  MAX_CONTAINERS_PER_CONSIGNMENT,
  MAX_FINDINGS_LENGTH,
  MAX_GOODS_DESCRIPTION_LENGTH,
  MAX_GOODS_LINES,
  MAX_PARTY_NAME_LENGTH,
  MAX_PERMIT_NUMBER_LENGTH,
  MAX_PERMITS,
  MAX_SEAL_NUMBER_LENGTH,
  MAX_THIRD_PARTY_CERTIFICATES,
  MAX_TIMESTAMP_LENGTH,
} from '#shared/domain/limits.ts';
import { CREDIT_CODES, importFiling } from './fixtures.ts';
import { containerNumber } from './train-bodies.ts';

/**
 * Bodies at every limit of docs/limits.md, for the schema tests, the item-size budget and the
 * end-to-end test. Free text is Chinese: three UTF-8 bytes a character, the most a character of
 * the Basic Multilingual Plane costs (one beyond it is two UTF-16 units for four bytes), so the
 * items these make are the largest the limits allow.
 */
const HANZI = '中欧班列进口直通出口直放检验检疫集装箱货物查验结果口岸目的地';

/** `length` characters of Chinese text, `tag` first so that strings differ. */
export function chinese(length: number, tag = ''): string {
  let text = tag;
  for (let i = 0; text.length < length; i++) text += HANZI[i % HANZI.length];
  return text.slice(0, length);
}

/** A timestamp of `MAX_TIMESTAMP_LENGTH` characters: nanoseconds and an offset. */
export function longTimestamp(year: number): string {
  const value = `${year}-08-11T09:30:00.123456789+08:00`;
  if (value.length !== MAX_TIMESTAMP_LENGTH) throw new Error(`expected ${MAX_TIMESTAMP_LENGTH} characters, got ${value}`);
  return value;
}

/** Every category but `general`, which combines with none. */
export const ALL_SPECIFIC_CATEGORIES: GoodsCategory[] = GOODS_CATEGORIES.filter((category) => category !== 'general');

/** Categories that keep an import direct-through (no port inspection), as many as possible. */
export const DIRECT_THROUGH_CATEGORIES: GoodsCategory[] = ['dangerous-goods', 'food', 'animal-product', 'plant-product', 'special-item'];

export interface MaximalFilingOptions {
  containers?: number;
  goodsLines?: number;
  categories?: GoodsCategory[];
  /** Container numbers are `TRNU` + serial from here, so several filings do not share containers. */
  firstContainer?: number;
}

const LINE_QUANTITY = 123456.789012;

/** The i-th permit number of the maximal filing, as long as a number can be. */
export function maximalPermitNumber(i: number): string {
  const head = `PERMIT-${String(i).padStart(2, '0')}-`;
  return head + 'X'.repeat(MAX_PERMIT_NUMBER_LENGTH - head.length);
}

/**
 * An import filing at every limit: the most containers with the longest seal numbers, the most
 * goods lines with the longest descriptions and every category given, the longest party names,
 * the most permits and third-party certificates with the longest numbers, scopes and timestamps.
 * Its special items are covered by the first permit, a health approval for the whole filing;
 * `permitsCitedBy` (permit-fixtures.ts) registers the permits it cites.
 */
export function maximalImportFiling(options: MaximalFilingOptions = {}): ConsignmentFilingInput {
  const containers = options.containers ?? MAX_CONTAINERS_PER_CONSIGNMENT;
  const goodsLines = options.goodsLines ?? MAX_GOODS_LINES;
  const categories = options.categories ?? ALL_SPECIFIC_CATEGORIES;
  const first = options.firstContainer ?? 1;
  return {
    ...importFiling(),
    consignor: { name: chinese(MAX_PARTY_NAME_LENGTH, '发货人'), country: 'DE' },
    consignee: { name: chinese(MAX_PARTY_NAME_LENGTH, '收货人'), country: 'CN', creditCode: CREDIT_CODES.chongqingImporter },
    containers: Array.from({ length: containers }, (_, i) => ({
      number: containerNumber(first + i),
      sealNumber: chinese(MAX_SEAL_NUMBER_LENGTH, `封${i}`),
    })),
    goods: Array.from({ length: goodsLines }, (_, i) => ({
      hsCode: String(1604_00_0000 + i),
      description: chinese(MAX_GOODS_DESCRIPTION_LENGTH, `第${i + 1}项`),
      quantity: LINE_QUANTITY,
      unit: 'KGM',
      netWeightKg: 9_876_543.21,
      originCountry: 'DE',
      categories,
    })),
    // Registered numbers are letters, digits and hyphens, so only those verify (PERMIT_UNKNOWN
    // otherwise): the longest storable filing cites the longest of those. The approval covers
    // every line, so it writes off all of them.
    permits: Array.from({ length: MAX_PERMITS }, (_, i) => ({
      number: maximalPermitNumber(i),
      kind: i === 0 ? 'special-item-health' : 'animal-plant-quarantine',
      quantity: i === 0 ? LINE_QUANTITY * goodsLines : LINE_QUANTITY,
      unit: 'KGM',
      ...(i > 0 && { goodsLine: (i - 1) % goodsLines }),
    })),
    thirdPartyCertificates: Array.from({ length: MAX_THIRD_PARTY_CERTIFICATES }, (_, i) => ({
      bodyId: chinese(MAX_CERTIFICATE_BODY_ID_LENGTH, `机构${i}`),
      certificateNumber: chinese(MAX_CERTIFICATE_NUMBER_LENGTH, `证${i}`),
      issuedAt: longTimestamp(2015),
      validUntil: longTimestamp(2099),
      scope: Array.from({ length: MAX_CERTIFICATE_SCOPE }, (_, k) => String(1604_00_0000 + k)),
    })),
  };
}

/** Port checks reporting every container of a filing, failed on quarantine, with the longest findings. */
export function maximalPortChecks(containers: readonly string[], outcome: 'pass' | 'fail' = 'fail') {
  return {
    outcome,
    details: {
      containers: containers.map((number) => ({ number, radiation: 'normal', quarantine: outcome === 'pass' ? 'pass' : 'fail', treatment: 'done' })),
      ...(outcome === 'fail' && { disposal: 'treatment' }),
      findings: chinese(MAX_FINDINGS_LENGTH, '口岸查验'),
    },
  };
}

/** A train quarantine with a finding of the longest kind on every container, and the longest findings. */
export function maximalTrainQuarantine(containers: readonly string[]) {
  return {
    outcome: 'fail',
    details: {
      surfaceTreatment: 'done',
      containerFindings: containers.map((number, i) => ({ number, finding: chinese(MAX_CONTAINER_FINDING_LENGTH, `箱${i}`) })),
      findings: chinese(MAX_FINDINGS_LENGTH, '列车检疫'),
    },
  };
}

/** The channel monitor alarmed on every container of the train. */
export function maximalTrainRadiation(containers: readonly string[]) {
  return {
    outcome: 'fail',
    details: {
      containers: containers.map((number) => ({ number, radiation: 'alarm' })),
      findings: chinese(MAX_FINDINGS_LENGTH, '辐射监测'),
    },
  };
}
