import { z } from 'zod';
import { goodsCategorySchema } from './codes.ts';
import { MAX_CATEGORIES_PER_LINE, MAX_GOODS_DESCRIPTION_LENGTH, MAX_NET_WEIGHT_KG, MIN_QUANTITY, tooLong, tooMany } from './limits.ts';
import { bilingual } from './text.ts';
import { countryCodeSchema } from './validators/country.ts';
import { hsCodeSchema } from './validators/hs-code.ts';
import { positiveQuantitySchema, unitCodeSchema } from './validators/quantity.ts';

export const goodsLineSchema = z
  .object({
    hsCode: hsCodeSchema,
    description: z
      .string({ error: bilingual('货物描述须为字符串', 'description must be a string') })
      .trim()
      .min(1, { error: bilingual('货物描述不能为空', 'description must not be empty') })
      .max(MAX_GOODS_DESCRIPTION_LENGTH, { error: tooLong('货物描述', 'description', MAX_GOODS_DESCRIPTION_LENGTH) }),
    quantity: positiveQuantitySchema,
    unit: unitCodeSchema,
    netWeightKg: z
      .number({ error: bilingual('净重须为数字', 'net weight must be a number') })
      .positive({ error: bilingual('净重须大于零', 'net weight must be greater than zero'), abort: true })
      .min(MIN_QUANTITY, { error: bilingual(`净重不小于 ${MIN_QUANTITY} 千克`, `net weight must be at least ${MIN_QUANTITY} kg`) })
      .max(MAX_NET_WEIGHT_KG, { error: bilingual(`净重不超过 ${MAX_NET_WEIGHT_KG} 千克`, `net weight must be at most ${MAX_NET_WEIGHT_KG} kg`) }),
    originCountry: countryCodeSchema,
    categories: z
      .array(goodsCategorySchema, { error: bilingual('货物类别须为数组', 'categories must be an array') })
      .min(1, { error: bilingual('至少填写一个货物类别', 'at least one goods category is required') })
      .max(MAX_CATEGORIES_PER_LINE, { error: tooMany('货物类别', 'goods categories', MAX_CATEGORIES_PER_LINE) }),
  })
  .superRefine((line, ctx) => {
    if (new Set(line.categories).size !== line.categories.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: bilingual('货物类别重复', 'goods categories are repeated'),
      });
    }
    // 'general' means "none of the special categories"; combined with one it would hide it.
    if (line.categories.includes('general') && line.categories.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: bilingual(
          '“普通货物”不能与其他类别同时填写',
          "'general' cannot be combined with another category",
        ),
      });
    }
  });
export type GoodsLine = z.infer<typeof goodsLineSchema>;
