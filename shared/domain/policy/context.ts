import { z } from 'zod';
import { bureauCodeSchema, goodsCategorySchema, riskGradeSchema } from '../codes.ts';
import { alertMeasureSchema } from '../alerts/alert.ts';
import { localisedTextSchema } from '../text.ts';
import { commodityRiskGradeSchema } from './commodity-risk.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { siteCategorySchema } from '../designated-sites/designated-site.ts';
import { marketAccessViewSchema } from '../market-access/market-access.ts';
import { goingOutViewSchema } from '../going-out/risk-assessment.ts';
import { marketTraderSchema } from '../market-procurement/market.ts';

/**
 * An epidemic or abnormal-event notice for a country and commodity (§8, 408号 三（七）), as the
 * policy reads it: one entry per country of a platform alert (`alerts/alert-effects.ts`,
 * `policyViewsOf`), which shares the alert's id.
 */
export const epidemicAlertSchema = z
  .object({
    id: z.string().min(1),
    country: countryCodeSchema,
    /** HS chapters or code prefixes of the commodities concerned. */
    hsPrefixes: z.array(hsPrefixSchema),
    /** Goods categories concerned: a line is covered by a prefix or by a category. */
    categories: z.array(goodsCategorySchema).optional(),
    /** What the bureaus do; absent: the epidemic escalation (intensified, and port inspection on entry). */
    measure: alertMeasureSchema.optional(),
    disease: localisedTextSchema.optional(),
    activeFrom: timestampSchema.optional(),
    activeUntil: timestampSchema.optional(),
  })
  .refine((alert) => (alert.hsPrefixes?.length ?? 0) + (alert.categories?.length ?? 0) > 0, {
    message: 'an alert covers at least one HS prefix or goods category',
    path: ['hsPrefixes'],
    // Also beside other problems of the entry, so that each field is named at once.
    when: () => true,
  });
export type EpidemicAlert = z.infer<typeof epidemicAlertSchema>;

/**
 * A foreign third-party body whose results the inspection authority accepts (§9), as the policy
 * sees the register's entry (`recognition/recognised-body.ts`, `policyViewOf`).
 */
export const recognisedBodySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  country: countryCodeSchema,
  /**
   * Commodities the recognition covers: HS prefixes and goods categories, a line being covered by
   * either; both absent means every commodity.
   */
  scope: z.array(hsPrefixSchema).min(1).optional(),
  categories: z.array(goodsCategorySchema).min(1).optional(),
  recognisedFrom: timestampSchema.optional(),
  recognisedUntil: timestampSchema.optional(),
  /** HQ withdrew the recognition: results filed from then on are not accepted. */
  withdrawn: z.object({ at: timestampSchema, reason: z.string().min(1) }).optional(),
});
export type RecognisedBody = z.infer<typeof recognisedBodySchema>;

/**
 * The safety measures under which high-risk agricultural products may still go direct-through
 * (408号 三（一）: "研究确定高风险农产品直通放行安全监管措施"). Each configured measure must hold;
 * an absent configuration means none are defined yet, so such goods are inspected at the port.
 */
export const highRiskAgriculturalMeasuresSchema = z.object({
  /** Every container carries a seal number. */
  sealedContainers: z.boolean(),
  /** Sites designated for a product class; the destination bureau must have one for the goods. */
  designatedSites: z
    .array(
      z.object({
        id: z.string().min(1),
        bureau: bureauCodeSchema,
        name: localisedTextSchema,
        hsPrefixes: z.array(hsPrefixSchema).min(1),
        /** The register's classes of the site (designated-sites/); absent: the HS prefixes alone say what it takes. */
        categories: z.array(siteCategorySchema).optional(),
      }),
    )
    .optional(),
  /** Longest allowed transit from the port to the destination site. */
  maxTransitHours: z.number().positive().optional(),
});
export type HighRiskAgriculturalMeasures = z.infer<typeof highRiskAgriculturalMeasuresSchema>;

export const inspectionContextSchema = z.object({
  /** When the plan is made; certificates are judged at the consignment's filing time. */
  at: timestampSchema,
  epidemicAlerts: z.array(epidemicAlertSchema),
  recognisedBodies: z.array(recognisedBodySchema),
  highRiskAgriculturalMeasures: highRiskAgriculturalMeasuresSchema.nullable().optional(),
  /** Grade of the Chinese party; absent is treated as B (no adjustment). */
  enterpriseRiskGrade: riskGradeSchema.optional(),
  /** Why the Chinese party has its grade (its nonconformity history), for the reason's text. */
  enterpriseRiskBasis: localisedTextSchema.optional(),
  /** Grades of the goods' (country of origin, HS heading) pairs from their history; absent pairs are B. */
  commodityRiskGrades: z.array(commodityRiskGradeSchema).optional(),
  /** Expected hours from the port to the destination site (from the train and corridor). */
  expectedTransitHours: z.number().nonnegative().optional(),
  /** 408号 三（三）: the market-access register (market-access/), whole; absent or empty: no product is under access. */
  marketAccess: z.array(marketAccessViewSchema).optional(),
  /** 408号 三（五）: the Chinese party's going-out risk assessments (going-out/); absent: none. */
  goingOutAssessments: z.array(goingOutViewSchema).optional(),
  /** 408号 三（四）: the consignor's registrations at the market-procurement register (market-procurement/); absent: none. */
  marketTraders: z.array(marketTraderSchema).optional(),
});
export type InspectionContext = z.infer<typeof inspectionContextSchema>;
