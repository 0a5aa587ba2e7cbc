import { z } from 'zod';
import { PORT_CODES, goodsCategorySchema, permitKindSchema, portCodeSchema, type BureauCode, type PermitKind, type PortCode } from '../codes.ts';
import {
  MAX_CANCELLATION_REASON_LENGTH,
  MAX_CATEGORIES_PER_LINE,
  MAX_GOODS_DESCRIPTION_LENGTH,
  MAX_PARTY_NAME_LENGTH,
  MAX_PERMIT_HS_CODES,
  MAX_PERMIT_NUMBER_LENGTH,
  MAX_PERMIT_ORIGIN_COUNTRIES,
  MAX_PERMIT_VALIDITY_DAYS,
  tooLong,
  tooMany,
} from '../limits.ts';
import { bilingual } from '../text.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { creditCodeSchema } from '../validators/credit-code.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import { positiveQuantitySchema, unitCodeSchema, type UnitCode } from '../validators/quantity.ts';
import { timestampSchema } from '../validators/timestamp.ts';

/**
 * The register of quarantine permits (进境动植物检疫许可证) and special-item approvals
 * (出入境特殊物品卫生检疫审批单) that filings cite and that are verified and written off
 * automatically (408号 三（六）: 自动校验核销和网上查询).
 */

/**
 * A registered number: letters, digits and hyphens, upper case (`2016CQ0001`, `TSWP-2016-0001`).
 * It is a key and a URL segment, so nothing else is accepted when a permit is issued; a filing
 * citing some other text simply cites a permit the register does not have.
 */
export const permitNumberSchema = z
  .string({ error: bilingual('许可证号须为字符串', 'permit number must be a string') })
  .trim()
  .toUpperCase()
  .min(1, { error: bilingual('许可证号不能为空', 'permit number must not be empty') })
  .max(MAX_PERMIT_NUMBER_LENGTH, { error: tooLong('许可证号', 'permit number', MAX_PERMIT_NUMBER_LENGTH) })
  .regex(/^[0-9A-Z][0-9A-Z-]*$/, { error: bilingual('许可证号由字母、数字和连字符组成', 'a permit number is letters, digits and hyphens') });

/** What the permit is for: the HS codes (or headings, chapters) and, optionally, goods categories. */
export const permitProductSchema = z.object({
  description: z
    .string({ error: bilingual('产品名称须为字符串', 'product description must be a string') })
    .trim()
    .min(1, { error: bilingual('产品名称不能为空', 'product description must not be empty') })
    .max(MAX_GOODS_DESCRIPTION_LENGTH, { error: tooLong('产品名称', 'product description', MAX_GOODS_DESCRIPTION_LENGTH) }),
  /** A goods line is covered when its HS code starts with one of these. */
  hsCodes: z
    .array(hsPrefixSchema, { error: bilingual('HS 编码须为数组', 'hsCodes must be an array') })
    .min(1, { error: bilingual('至少填写一个 HS 编码', 'at least one HS code is required') })
    .max(MAX_PERMIT_HS_CODES, { error: tooMany('HS 编码', 'HS codes', MAX_PERMIT_HS_CODES) }),
  /** When given, a covered goods line must also declare one of these categories. */
  categories: z
    .array(goodsCategorySchema, { error: bilingual('货物类别须为数组', 'categories must be an array') })
    .min(1, { error: bilingual('至少填写一个货物类别', 'at least one goods category is required') })
    .max(MAX_CATEGORIES_PER_LINE, { error: tooMany('货物类别', 'goods categories', MAX_CATEGORIES_PER_LINE) })
    .optional(),
});
export type PermitProduct = z.infer<typeof permitProductSchema>;

const DAY_MS = 24 * 3600 * 1000;

/** POST /permits: a bureau (or HQ) registers a permit or approval it issued. */
export const permitIssueSchema = z
  .object({
    number: permitNumberSchema,
    kind: permitKindSchema,
    /** The enterprise the permit was issued to: the Chinese party of the filings that cite it. */
    holder: z.object({
      creditCode: creditCodeSchema,
      name: z
        .string({ error: bilingual('持证人名称须为字符串', 'holder name must be a string') })
        .trim()
        .min(1, { error: bilingual('持证人名称不能为空', 'holder name must not be empty') })
        .max(MAX_PARTY_NAME_LENGTH, { error: tooLong('持证人名称', 'holder name', MAX_PARTY_NAME_LENGTH) }),
    }),
    product: permitProductSchema,
    /** Countries or regions the goods may come from (输出国家或地区); for an export approval, where they may go. */
    originCountries: z
      .array(countryCodeSchema, { error: bilingual('输出国家或地区须为数组', 'originCountries must be an array') })
      .min(1, { error: bilingual('至少填写一个输出国家或地区', 'at least one origin country is required') })
      .max(MAX_PERMIT_ORIGIN_COUNTRIES, { error: tooMany('输出国家或地区', 'origin countries', MAX_PERMIT_ORIGIN_COUNTRIES) }),
    /** Border ports the goods may cross at (进境口岸). */
    ports: z
      .array(portCodeSchema, { error: bilingual('口岸须为数组', 'ports must be an array') })
      .min(1, { error: bilingual('至少填写一个口岸', 'at least one port is required') })
      .max(PORT_CODES.length, { error: tooMany('口岸', 'ports', PORT_CODES.length) }),
    /** The quantity granted, written off consignment by consignment. */
    quantity: positiveQuantitySchema,
    unit: unitCodeSchema,
    validFrom: timestampSchema,
    validUntil: timestampSchema,
  })
  .superRefine((issue, ctx) => {
    const from = Date.parse(issue.validFrom);
    const until = Date.parse(issue.validUntil);
    if (!(until > from)) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: bilingual('有效期止须晚于有效期起', 'validUntil must be after validFrom') });
    } else if (until - from > MAX_PERMIT_VALIDITY_DAYS * DAY_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: bilingual(`有效期不超过 ${MAX_PERMIT_VALIDITY_DAYS} 天`, `a permit is valid for at most ${MAX_PERMIT_VALIDITY_DAYS} days`),
      });
    }
    for (const list of ['originCountries', 'ports'] as const) {
      if (new Set(issue[list]).size !== issue[list].length) {
        ctx.addIssue({ code: 'custom', path: [list], message: bilingual('列表中有重复项', 'the list repeats an entry') });
      }
    }
    if (new Set(issue.product.hsCodes).size !== issue.product.hsCodes.length) {
      ctx.addIssue({ code: 'custom', path: ['product', 'hsCodes'], message: bilingual('HS 编码重复', 'an HS code is repeated') });
    }
  });
export type PermitIssue = z.infer<typeof permitIssueSchema>;

/** POST /permits/{number}/cancel. */
export const permitCancellationSchema = z.object({
  reason: z
    .string({ error: bilingual('注销原因须为字符串', 'reason must be a string') })
    .trim()
    .min(1, { error: bilingual('须说明注销原因', 'a reason is required') })
    .max(MAX_CANCELLATION_REASON_LENGTH, { error: tooLong('注销原因', 'reason', MAX_CANCELLATION_REASON_LENGTH) }),
});
export type PermitCancellation = z.infer<typeof permitCancellationSchema>;

/**
 * What one consignment does with a permit. Filing reserves the quantity; the end of the lifecycle
 * writes it off (released) or returns it (rejected). A reservation whose filing was never stored
 * (the process died between the two writes) is returned as `abandoned`.
 */
export type PermitUseState = 'reserved' | 'written-off' | 'returned';
export type PermitReturnReason = 'rejected' | 'abandoned';

export interface PermitUse {
  consignmentId: string;
  quantity: number;
  state: PermitUseState;
  reservedAt: string;
  settledAt?: string;
  returnReason?: PermitReturnReason;
}

/** The stored permit. Quantities always satisfy `granted = remaining + reserved + writtenOff`. */
export interface Permit {
  number: string;
  kind: PermitKind;
  holder: { creditCode: string; name: string };
  product: PermitProduct;
  originCountries: string[];
  ports: PortCode[];
  unit: UnitCode;
  grantedQuantity: number;
  /** Free to reserve. */
  remaining: number;
  reserved: number;
  writtenOff: number;
  /** UTC, as stored. */
  validFrom: string;
  validUntil: string;
  status: 'active' | 'cancelled';
  issuedBy: BureauCode;
  issuedAt: string;
  /** The officer's token subject. */
  issuedBySubject: string;
  cancellation?: { at: string; by: BureauCode; subject: string; reason: string };
  /** One entry per consignment that cited the permit, keyed by consignment id. */
  uses: Record<string, PermitUse>;
  /** How many entries `uses` has (kept by the same writes, so the cap is one condition). */
  useCount: number;
  /** Changes of the permit's own terms (issued 1, cancelled 2); reservations do not count. */
  version: number;
}

/** A new permit from a validated issue, as `meta.bureau` issues it now. */
export function createPermit(issue: PermitIssue, meta: { at: string; bureau: BureauCode; subject: string }): Permit {
  return {
    number: issue.number,
    kind: issue.kind,
    holder: issue.holder,
    product: issue.product,
    originCountries: issue.originCountries,
    ports: issue.ports,
    unit: issue.unit,
    grantedQuantity: issue.quantity,
    remaining: issue.quantity,
    reserved: 0,
    writtenOff: 0,
    // UTC, so that the stored window compares as text with any other UTC instant.
    validFrom: new Date(issue.validFrom).toISOString(),
    validUntil: new Date(issue.validUntil).toISOString(),
    status: 'active',
    issuedBy: meta.bureau,
    issuedAt: meta.at,
    issuedBySubject: meta.subject,
    uses: {},
    useCount: 0,
    version: 1,
  };
}

/**
 * What the online query (网上查询) shows as the permit's standing at an instant: cancelled by its
 * bureau, outside its validity window, used up (everything granted written off), or active.
 * A permit whose balance is all reserved is still active: a rejection may return it.
 */
export type PermitStanding = 'active' | 'cancelled' | 'not-yet-valid' | 'expired' | 'exhausted';

export function permitStanding(permit: Pick<Permit, 'status' | 'validFrom' | 'validUntil' | 'remaining' | 'reserved'>, at: string): PermitStanding {
  if (permit.status === 'cancelled') return 'cancelled';
  const now = Date.parse(at);
  if (now < Date.parse(permit.validFrom)) return 'not-yet-valid';
  if (now > Date.parse(permit.validUntil)) return 'expired';
  if (permit.remaining <= 0 && permit.reserved <= 0) return 'exhausted';
  return 'active';
}
