import { z } from 'zod';
import { riskGradeSchema, type RiskGrade } from '../codes.ts';
import type { GoodsLine } from '../goods-line.ts';
import type { InspectionLevel } from '../inspection-plan.ts';
import type { ReasonCode } from '../reason-codes.ts';
import { localisedTextSchema, type LocalisedText } from '../text.ts';
import { countryCodeSchema } from '../validators/country.ts';

/**
 * The grade of a (country of origin, HS heading) pair from its nonconformity history
 * (408号 三（二）: 提高查验的针对性和有效性), as the policy reads it at filing.
 */
export const commodityRiskGradeSchema = z.object({
  country: countryCodeSchema,
  /** The first four digits of the HS code. */
  hsHeading: z.string().regex(/^\d{4}$/),
  grade: riskGradeSchema,
  /** The history behind the grade, in words. */
  basis: localisedTextSchema.optional(),
});
export type CommodityRiskGrade = z.infer<typeof commodityRiskGradeSchema>;

export interface CommodityRiskEffect {
  code: ReasonCode;
  levelStep?: number;
  levelFloor?: InspectionLevel;
  goodsLines: number[];
  refs: string[];
  detail?: LocalisedText;
}

const pairOf = (line: Pick<GoodsLine, 'originCountry' | 'hsCode'>) => `${line.originCountry}#${line.hsCode.slice(0, 4)}`;

/**
 * The worst grade among the goods' pairs sets the effect: D holds the level at intensified, C
 * raises it one step; A lowers it one step only when every line's pair is A (one unknown commodity
 * is reason enough not to relax). Undefined when no pair is graded away from B.
 */
export function commodityRiskEffect(goods: readonly Pick<GoodsLine, 'originCountry' | 'hsCode'>[], grades: readonly CommodityRiskGrade[] | undefined): CommodityRiskEffect | undefined {
  if (!grades || grades.length === 0 || goods.length === 0) return undefined;
  const byPair = new Map(grades.map((g) => [`${g.country}#${g.hsHeading}`, g]));
  const lineGrades = goods.map((line) => byPair.get(pairOf(line))?.grade ?? 'B');
  const worst = (['D', 'C'] as RiskGrade[]).find((g) => lineGrades.includes(g)) ?? (lineGrades.every((g) => g === 'A') ? 'A' : undefined);
  if (worst === undefined) return undefined;
  const lines = lineGrades.flatMap((g, i) => (g === worst ? [i] : []));
  const pairs = [...new Set(lines.map((i) => pairOf(goods[i]!)))];
  const bases = pairs.flatMap((p) => byPair.get(p)?.basis ?? []);
  const detail = bases.length > 0 ? { zh: bases.map((b) => b.zh).join('；'), en: bases.map((b) => b.en).join('; ') } : undefined;
  const refs = pairs.map((p) => p.replace('#', ' '));
  const common = { goodsLines: lines, refs, ...(detail && { detail }) };
  if (worst === 'D') return { code: 'COMMODITY_RISK_GRADE_D', levelFloor: 'intensified', ...common };
  if (worst === 'C') return { code: 'COMMODITY_RISK_GRADE_C', levelStep: 1, ...common };
  return { code: 'COMMODITY_RISK_GRADE_A', levelStep: -1, ...common };
}
