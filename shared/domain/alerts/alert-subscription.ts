import { z } from 'zod';
import { goodsCategorySchema, type GoodsCategory } from '../codes.ts';
import { MAX_SUBSCRIPTION_FILTERS, tooMany } from '../limits.ts';
import { bilingual } from '../text.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import type { AlertRecord } from './alert.ts';

/**
 * An enterprise's subscription to alert notices (its declarants read them in the enterprise's
 * inbox). Each filter narrows: empty means every alert; `active: false` stops the notices.
 */
const filter = <T extends z.ZodType<string>>(item: T, zh: string, en: string) =>
  z
    .array(item, { error: bilingual(`${zh}须为数组`, `${en} must be an array`) })
    .max(MAX_SUBSCRIPTION_FILTERS, { error: tooMany(zh, en, MAX_SUBSCRIPTION_FILTERS) })
    .optional();

/** PUT /alert-subscription. */
export const alertSubscriptionRequestSchema = z
  .object({
    countries: filter(countryCodeSchema, '国家或地区', 'countries'),
    hsPrefixes: filter(hsPrefixSchema, 'HS 编码前缀', 'HS prefixes'),
    categories: filter(goodsCategorySchema, '货物类别', 'goods categories'),
    active: z.boolean({ error: bilingual('active 须为布尔值', 'active must be a boolean') }).optional(),
  })
  .strict();
export type AlertSubscriptionRequest = z.infer<typeof alertSubscriptionRequestSchema>;

export interface AlertSubscription {
  enterprise: string;
  countries: string[];
  hsPrefixes: string[];
  categories: GoodsCategory[];
  active: boolean;
  updatedAt: string;
}

export function subscriptionOf(enterprise: string, request: AlertSubscriptionRequest, at: string): AlertSubscription {
  return {
    enterprise,
    countries: [...new Set(request.countries ?? [])].sort(),
    hsPrefixes: [...new Set(request.hsPrefixes ?? [])].sort(),
    categories: [...new Set(request.categories ?? [])].sort(),
    active: request.active ?? true,
    updatedAt: at,
  };
}

/** Whether the alert concerns what the enterprise asked to hear about. */
export function subscriptionMatches(subscription: AlertSubscription, alert: Pick<AlertRecord, 'countries' | 'hsPrefixes' | 'categories'>): boolean {
  if (!subscription.active) return false;
  if (subscription.countries.length > 0 && !subscription.countries.some((c) => alert.countries.includes(c))) return false;
  if (subscription.hsPrefixes.length + subscription.categories.length === 0) return true;
  // One prefix of the other: the subscriber's chapter 02 hears of an alert on heading 0203, and the other way round.
  const byHs = subscription.hsPrefixes.some((mine) => alert.hsPrefixes.some((theirs) => mine.startsWith(theirs) || theirs.startsWith(mine)));
  return byHs || subscription.categories.some((c) => alert.categories.includes(c));
}
