import { z } from 'zod';
import { MAX_QUANTITY, MIN_QUANTITY } from '../limits.ts';
import { bilingual } from '../text.ts';

/**
 * Units of measure from UN/ECE Recommendation 20 (the codes customs and CIQ declarations use).
 * The list covers what travels by container train; add codes here as goods require.
 */
export const UNIT_CODES = [
  'PCE', // piece
  'SET', // set
  'PR', // pair
  'NAR', // number of articles
  'KGM', // kilogram
  'GRM', // gram
  'TNE', // tonne
  'LTR', // litre
  'MLT', // millilitre
  'MTQ', // cubic metre
  'MTK', // square metre
  'MTR', // metre
  'DZN', // dozen
  'HUR', // hour (repair work, global maintenance)
  'XBX', // box (package type code)
  'XCT', // carton
  'XPK', // package
  'XPX', // pallet
  'XBG', // bag
  'XDR', // drum
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

export const unitCodeSchema = z.enum(UNIT_CODES, {
  error: bilingual(
    '计量单位须为 UN/ECE 第 20 号建议代码（如 PCE、KGM、TNE、LTR、MTQ）',
    'unit must be a UN/ECE Recommendation 20 code (e.g. PCE, KGM, TNE, LTR, MTQ)',
  ),
});

export const positiveQuantitySchema = z
  // zod 4 numbers already refuse Infinity and NaN.
  .number({ error: bilingual('数量须为数字', 'quantity must be a number') })
  .positive({ error: bilingual('数量须大于零', 'quantity must be greater than zero'), abort: true })
  // DynamoDB stores numbers from 1E-130 to 9.99E+125: these bounds keep far inside.
  .min(MIN_QUANTITY, { error: bilingual(`数量不小于 ${MIN_QUANTITY}`, `quantity must be at least ${MIN_QUANTITY}`) })
  .max(MAX_QUANTITY, { error: bilingual(`数量不超过 ${MAX_QUANTITY}`, `quantity must be at most ${MAX_QUANTITY}`) });

export const quantitySchema = z.object({
  value: positiveQuantitySchema,
  unit: unitCodeSchema,
});
export type Quantity = z.infer<typeof quantitySchema>;
