import { z } from 'zod';
import type { BureauCode } from '../codes.ts';
import { MAX_COORDINATION_BODY_LENGTH, MAX_GOODS_DESCRIPTION_LENGTH, MAX_PARTY_NAME_LENGTH, MAX_RECOGNITION_SCOPE, tooMany } from '../limits.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import type { Actor } from '../train.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { creditCodeSchema } from '../validators/credit-code.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import {
  changeEntry,
  refineSomethingToChange,
  refineValidity,
  registerEntry,
  text,
  validityProblem,
  versionSchema,
  withdrawEntry,
  type EntryChange,
  type EntryChangeOutcome,
  type EntryMeta,
} from '../market-access/register-entry.ts';

/**
 * Risk assessments of "going out" enterprises (408号 三（五）): the facilitation for an enterprise's
 * own-use building materials, machinery and staff belongings, and for farm products a Chinese
 * enterprise grows or processes abroad, rests on a safety risk assessment of that enterprise and
 * product. A bureau (the origin bureau of the own-use exports, the destination bureau of the farm
 * products) keeps one record per enterprise and product; the routing policy lowers the level for
 * these trade modes only when a low-risk record in force covers every goods line.
 */
export const GOING_OUT_KINDS = ['own-use', 'overseas-agricultural'] as const;
export type GoingOutKind = (typeof GOING_OUT_KINDS)[number];
export const goingOutKindSchema = z.enum(GOING_OUT_KINDS, { error: bilingual('种类须为 own-use 或 overseas-agricultural', 'kind is own-use or overseas-agricultural') });

/** The trade mode each kind of record facilitates. */
export const TRADE_MODE_OF_KIND: Record<GoingOutKind, 'going-out-own-use' | 'overseas-grown-agricultural'> = {
  'own-use': 'going-out-own-use',
  'overseas-agricultural': 'overseas-grown-agricultural',
};

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type AssessedRisk = (typeof RISK_LEVELS)[number];

export const assessmentIdSchema = z
  .string({ error: bilingual('编号须为字符串', 'id must be a string') })
  .regex(/^[0-9A-Z]{26}$/, { error: bilingual('编号为 26 位 ULID', 'id is a 26-character ULID') });
export const assessmentPathSchema = z.object({ id: assessmentIdSchema });

const hsPrefixesSchema = z
  .array(hsPrefixSchema, { error: bilingual('HS 编码前缀须为数组', 'hsPrefixes must be an array') })
  .min(1, { error: bilingual('至少一个 HS 编码前缀', 'at least one HS prefix') })
  .max(MAX_RECOGNITION_SCOPE, { error: tooMany('HS 编码前缀', 'HS prefixes', MAX_RECOGNITION_SCOPE) });

const productSchema = z
  .object({
    description: z.object({ zh: text('产品（中文）', 'description.zh', MAX_GOODS_DESCRIPTION_LENGTH), en: text('产品（英文）', 'description.en', MAX_GOODS_DESCRIPTION_LENGTH) }).strict(),
    hsPrefixes: hsPrefixesSchema,
  })
  .strict();

const riskSchema = z.enum(RISK_LEVELS, { error: bilingual('风险等级须为 low、medium 或 high', 'risk is low, medium or high') });

/** POST /going-out/risk-assessments: the keeping bureau is the officer's own. */
export const assessmentRegistrationSchema = z
  .object({
    kind: goingOutKindSchema,
    enterprise: z.object({ creditCode: creditCodeSchema, name: text('企业名称', 'enterprise name', MAX_PARTY_NAME_LENGTH) }).strict(),
    product: productSchema,
    /** Where the project is (own use) or where the products are grown or processed. */
    country: countryCodeSchema,
    risk: riskSchema,
    summary: text('评估结论', 'summary', MAX_COORDINATION_BODY_LENGTH),
    validFrom: timestampSchema,
    validUntil: timestampSchema,
  })
  .strict()
  .superRefine((registration, ctx) => {
    if (registration.country === 'CN') ctx.addIssue({ code: 'custom', path: ['country'], message: bilingual('境外项目或种植地须在中国境外', 'the project or farm is outside China') });
    refineValidity(registration, ctx);
  });
export type AssessmentRegistration = z.infer<typeof assessmentRegistrationSchema>;

/** PATCH /going-out/risk-assessments/{id}: a re-assessment, from the version read. */
export const assessmentChangeSchema = z
  .object({
    version: versionSchema,
    product: productSchema.optional(),
    risk: riskSchema.optional(),
    summary: text('评估结论', 'summary', MAX_COORDINATION_BODY_LENGTH).optional(),
    validFrom: timestampSchema.optional(),
    validUntil: timestampSchema.optional(),
  })
  .strict()
  .superRefine(refineSomethingToChange);
export type AssessmentChange = z.infer<typeof assessmentChangeSchema>;

export const ASSESSMENT_FIELDS = ['kind', 'enterprise', 'enterpriseName', 'bureau', 'product', 'country', 'risk', 'summary', 'validFrom', 'validUntil', 'status'] as const;
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];

export interface GoingOutAssessment extends EntryMeta {
  kind: GoingOutKind;
  /** The enterprise's credit code. */
  enterprise: string;
  enterpriseName: string;
  /** The bureau that keeps the record. */
  bureau: BureauCode;
  product: { description: LocalisedText; hsPrefixes: string[] };
  country: string;
  risk: AssessedRisk;
  summary: string;
  validFrom: string;
  validUntil: string;
}
export type GoingOutHistoryEntry = EntryChange<AssessmentField>;

export function registerAssessment(registration: AssessmentRegistration, meta: { id: string; bureau: BureauCode; at: string; by: Actor }): { entry: GoingOutAssessment; change: GoingOutHistoryEntry } {
  const { enterprise, ...rest } = registration;
  return registerEntry({ id: meta.id, ...rest, enterprise: enterprise.creditCode, enterpriseName: enterprise.name, bureau: meta.bureau }, meta, ASSESSMENT_FIELDS);
}

export function changeAssessment(current: GoingOutAssessment, change: AssessmentChange, meta: { at: string; by: Actor }): EntryChangeOutcome<GoingOutAssessment, AssessmentField> {
  return changeEntry(current, change, meta, ASSESSMENT_FIELDS, (next) => validityProblem(next.validFrom, next.validUntil));
}

export function withdrawAssessment(current: GoingOutAssessment, reason: string, meta: { at: string; by: Actor }): { entry: GoingOutAssessment; change: GoingOutHistoryEntry } {
  return withdrawEntry(current, reason, meta, ASSESSMENT_FIELDS);
}

/** The record as the routing policy reads it (`InspectionContext.goingOutAssessments`). */
export const goingOutViewSchema = z.object({
  id: z.string().min(1),
  kind: goingOutKindSchema,
  enterprise: z.string().min(1),
  hsPrefixes: z.array(hsPrefixSchema),
  country: countryCodeSchema,
  risk: riskSchema,
  validFrom: timestampSchema,
  validUntil: timestampSchema,
  status: z.enum(['active', 'withdrawn']),
});
export type GoingOutView = z.infer<typeof goingOutViewSchema>;

export const goingOutViewOf = (record: GoingOutAssessment): GoingOutView => ({
  id: record.id,
  kind: record.kind,
  enterprise: record.enterprise,
  hsPrefixes: record.product.hsPrefixes,
  country: record.country,
  risk: record.risk,
  validFrom: record.validFrom,
  validUntil: record.validUntil,
  status: record.status,
});
