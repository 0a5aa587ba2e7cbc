import { z } from 'zod';
import { goodsCategorySchema, type GoodsCategory } from '../codes.ts';
import { MAX_GOODS_DESCRIPTION_LENGTH, MAX_RECOGNITION_SCOPE, tooMany } from '../limits.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import type { Actor } from '../train.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { siteCategorySchema, type SiteCategory } from '../designated-sites/designated-site.ts';
import {
  changeEntry,
  refineSomethingToChange,
  refineValidity,
  registerEntry,
  registerIdSchema,
  text,
  validityProblem,
  versionSchema,
  withdrawEntry,
  type EntryChange,
  type EntryChangeOutcome,
  type EntryMeta,
} from './register-entry.ts';

/**
 * The market-access register (准入, 408号 三（三）"加快进境货物风险分析和准入核准进程"): which products
 * may be imported from which country, on what conditions, for how long. HQ keeps it; every caller
 * reads it. A product is under market access once the register names it for any country: from
 * then on an import of it is accepted only from a country whose entry is in force (a product the
 * register has never named needs no approval). Withdrawn and expired entries keep the product
 * under access, so suspending a country's access never opens the product to all.
 */
export const accessIdSchema = registerIdSchema('准入编号', 'id', 'PORK-DE');
export const accessPathSchema = z.object({ id: accessIdSchema });

/** The products an entry covers: HS chapters, headings or longer prefixes, and goods categories. */
export const productScopeSchema = z
  .object({
    hsPrefixes: z
      .array(hsPrefixSchema, { error: bilingual('HS 编码前缀须为数组', 'hsPrefixes must be an array') })
      .max(MAX_RECOGNITION_SCOPE, { error: tooMany('准入产品的 HS 编码前缀', 'HS prefixes of a product', MAX_RECOGNITION_SCOPE) })
      .optional(),
    categories: z.array(goodsCategorySchema, { error: bilingual('货物类别须为数组', 'categories must be an array') }).optional(),
  })
  .strict()
  .superRefine((scope, ctx) => {
    if ((scope.hsPrefixes?.length ?? 0) + (scope.categories?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: bilingual('准入产品至少包含一个 HS 编码前缀或货物类别', 'a product needs at least one HS prefix or goods category') });
    }
    for (const [field, values] of [['hsPrefixes', scope.hsPrefixes ?? []], ['categories', scope.categories ?? []]] as const) {
      if (new Set<string>(values).size !== values.length) ctx.addIssue({ code: 'custom', path: [field], message: bilingual('有重复项', 'repeats an entry') });
    }
  })
  .transform((scope): ProductScope => ({ hsPrefixes: scope.hsPrefixes ?? [], categories: scope.categories ?? [] }));
export interface ProductScope {
  hsPrefixes: string[];
  categories: GoodsCategory[];
}

/** The conditions of the approval, which the routing policy applies to every line it covers. */
export const accessConditionsSchema = z
  .object({
    /** An entry quarantine permit must be cited for the goods (and is written off, 三（六）). */
    permitRequired: z.boolean({ error: bilingual('permitRequired 须为布尔值', 'permitRequired must be a boolean') }).optional(),
    /** The goods go only to a destination with a designated site of this class; otherwise port inspection. */
    designatedSite: siteCategorySchema.optional(),
    /** The inland inspection is at least this level (加严: intensified). */
    minimumInspectionLevel: z
      .enum(['standard', 'intensified'], { error: bilingual('最低检验级别须为 standard 或 intensified', 'minimumInspectionLevel is standard or intensified') })
      .optional(),
  })
  .strict();
export interface AccessConditions {
  permitRequired?: boolean | undefined;
  designatedSite?: SiteCategory | undefined;
  minimumInspectionLevel?: 'standard' | 'intensified' | undefined;
}

const productSchema = z
  .object({ zh: text('产品名称（中文）', 'product.zh', MAX_GOODS_DESCRIPTION_LENGTH), en: text('产品名称（英文）', 'product.en', MAX_GOODS_DESCRIPTION_LENGTH) })
  .strict();

/** POST /market-access. */
export const accessRegistrationSchema = z
  .object({
    id: accessIdSchema,
    country: countryCodeSchema,
    product: productSchema,
    scope: productScopeSchema,
    conditions: accessConditionsSchema.default({}),
    validFrom: timestampSchema,
    /** Absent: until HQ withdraws it. */
    validUntil: timestampSchema.optional(),
  })
  .strict()
  .superRefine((registration, ctx) => {
    if (registration.country === 'CN') ctx.addIssue({ code: 'custom', path: ['country'], message: bilingual('准入针对境外国家或地区', 'market access is for a country other than China') });
    refineValidity(registration, ctx);
  });
export type AccessRegistration = z.infer<typeof accessRegistrationSchema>;

/** PATCH /market-access/{id}: from the version read; `validUntil: null` makes it open-ended again. */
export const accessChangeSchema = z
  .object({
    version: versionSchema,
    product: productSchema.optional(),
    scope: productScopeSchema.optional(),
    conditions: accessConditionsSchema.optional(),
    validFrom: timestampSchema.optional(),
    validUntil: timestampSchema.nullable().optional(),
  })
  .strict()
  .superRefine(refineSomethingToChange);
export type AccessChange = z.infer<typeof accessChangeSchema>;

export const ACCESS_FIELDS = ['country', 'product', 'scope', 'conditions', 'validFrom', 'validUntil', 'status'] as const;
export type AccessField = (typeof ACCESS_FIELDS)[number];

export interface MarketAccessEntry extends EntryMeta {
  country: string;
  product: LocalisedText;
  scope: ProductScope;
  conditions: AccessConditions;
  validFrom: string;
  validUntil?: string;
}
export type AccessHistoryEntry = EntryChange<AccessField>;

export function registerAccess(registration: AccessRegistration, meta: { at: string; by: Actor }): { entry: MarketAccessEntry; change: AccessHistoryEntry } {
  return registerEntry(registration, meta, ACCESS_FIELDS);
}

export function changeAccess(current: MarketAccessEntry, change: AccessChange, meta: { at: string; by: Actor }): EntryChangeOutcome<MarketAccessEntry, AccessField> {
  return changeEntry(current, change, meta, ACCESS_FIELDS, (next) => validityProblem(next.validFrom, next.validUntil));
}

export function withdrawAccess(current: MarketAccessEntry, reason: string, meta: { at: string; by: Actor }): { entry: MarketAccessEntry; change: AccessHistoryEntry } {
  return withdrawEntry(current, reason, meta, ACCESS_FIELDS);
}

/** The register's entry as the routing policy reads it (`InspectionContext.marketAccess`). */
export const marketAccessViewSchema = z.object({
  id: z.string().min(1),
  country: countryCodeSchema,
  hsPrefixes: z.array(hsPrefixSchema),
  categories: z.array(goodsCategorySchema),
  conditions: accessConditionsSchema,
  validFrom: timestampSchema,
  validUntil: timestampSchema.optional(),
  status: z.enum(['active', 'withdrawn']),
  withdrawalReason: z.string().optional(),
});
export type MarketAccessView = z.infer<typeof marketAccessViewSchema>;

export function accessViewOf(entry: MarketAccessEntry): MarketAccessView {
  return {
    id: entry.id,
    country: entry.country,
    hsPrefixes: entry.scope.hsPrefixes,
    categories: entry.scope.categories,
    conditions: entry.conditions,
    validFrom: entry.validFrom,
    ...(entry.validUntil !== undefined && { validUntil: entry.validUntil }),
    status: entry.status,
    ...(entry.withdrawal && { withdrawalReason: entry.withdrawal.reason }),
  };
}
