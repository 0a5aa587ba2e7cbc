import { z } from 'zod';
import type { BureauCode } from '../codes.ts';
import { MAX_COORDINATION_BODY_LENGTH, MAX_COORDINATION_TITLE_LENGTH, MAX_SUBSCRIPTION_FILTERS, MAX_URL_LENGTH, tooLong, tooMany } from '../limits.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import type { Actor } from '../train.ts';
import { calendarDateSchema } from '../validators/calendar-date.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import { text } from '../market-access/register-entry.ts';

/**
 * The technical-trade-measures information service (408号 三（五）"加强对'一带一路'沿线国家技术性贸易措施、
 * 技术法规、合格评定程序等的收集和研究……为'走出去'企业提供信息服务", 三（十）): bureaus publish notes on a
 * partner country's technical regulations, standards and conformity-assessment procedures;
 * enterprises subscribe by country and HS heading and hear of new notes in their inbox.
 */
export const MEASURE_KINDS = ['technical-regulation', 'standard', 'conformity-assessment'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const measureKindSchema = z.enum(MEASURE_KINDS, {
  error: bilingual('措施类别须为 technical-regulation、standard 或 conformity-assessment', 'kind is technical-regulation, standard or conformity-assessment'),
});

const bilingualText = (zh: string, en: string, max: number) => z.object({ zh: text(`${zh}（中文）`, `${en}.zh`, max), en: text(`${zh}（英文）`, `${en}.en`, max) }).strict();

const hsPrefixesSchema = z
  .array(hsPrefixSchema, { error: bilingual('HS 编码前缀须为数组', 'hsPrefixes must be an array') })
  .min(1, { error: bilingual('至少一个 HS 编码或章', 'at least one HS heading or chapter') })
  .max(MAX_SUBSCRIPTION_FILTERS, { error: tooMany('HS 编码前缀', 'HS prefixes', MAX_SUBSCRIPTION_FILTERS) });

/** POST /trade-measures. */
export const tradeMeasureNoteSchema = z
  .object({
    country: countryCodeSchema,
    kind: measureKindSchema,
    hsPrefixes: hsPrefixesSchema,
    title: bilingualText('标题', 'title', MAX_COORDINATION_TITLE_LENGTH),
    summary: bilingualText('摘要', 'summary', MAX_COORDINATION_BODY_LENGTH),
    /** The measure's own text, at its publisher (a ministry, the WTO TBT notification). */
    sourceUrl: z
      .string({ error: bilingual('来源链接须为字符串', 'sourceUrl must be a string') })
      .trim()
      .max(MAX_URL_LENGTH, { error: tooLong('来源链接', 'sourceUrl', MAX_URL_LENGTH), abort: true })
      .pipe(z.url({ protocol: /^https$/, error: bilingual('来源链接须为 https 地址', 'sourceUrl must be an https URL') })),
    /** The day the measure takes effect in that country. */
    effectiveDate: calendarDateSchema,
  })
  .strict()
  .superRefine((note, ctx) => {
    if (note.country === 'CN') ctx.addIssue({ code: 'custom', path: ['country'], message: bilingual('技术性贸易措施为境外国家或地区的措施', 'a trade measure is of a country other than China') });
    if (new Set(note.hsPrefixes).size !== note.hsPrefixes.length) ctx.addIssue({ code: 'custom', path: ['hsPrefixes'], message: bilingual('有重复项', 'repeats an entry') });
  });
export type TradeMeasureNoteRequest = z.infer<typeof tradeMeasureNoteSchema>;

export const tradeMeasureIdSchema = z
  .string({ error: bilingual('编号须为字符串', 'id must be a string') })
  .regex(/^[0-9A-Z]{26}$/, { error: bilingual('编号为 26 位 ULID', 'id is a 26-character ULID') });
export const tradeMeasurePathSchema = z.object({ id: tradeMeasureIdSchema });

export interface TradeMeasureNote {
  id: string;
  country: string;
  kind: MeasureKind;
  hsPrefixes: string[];
  title: LocalisedText;
  summary: LocalisedText;
  sourceUrl: string;
  effectiveDate: string;
  /** The publishing bureau (HQ for HQ's own). */
  bureau: BureauCode;
  /** Who published it: kept for the record, shown to HQ only. */
  publishedBy: Actor;
  publishedAt: string;
}

export function createTradeMeasureNote(request: TradeMeasureNoteRequest, meta: { id: string; at: string; by: Actor & { bureau: BureauCode } }): TradeMeasureNote {
  return { id: meta.id, ...request, hsPrefixes: [...request.hsPrefixes].sort(), bureau: meta.by.bureau, publishedBy: meta.by, publishedAt: meta.at };
}

export function publicTradeMeasureNote(note: TradeMeasureNote) {
  const { publishedBy: _by, ...shown } = note;
  return shown;
}

const filter = <T extends z.ZodType<string>>(item: T, zh: string, en: string) =>
  z
    .array(item, { error: bilingual(`${zh}须为数组`, `${en} must be an array`) })
    .max(MAX_SUBSCRIPTION_FILTERS, { error: tooMany(zh, en, MAX_SUBSCRIPTION_FILTERS) })
    .optional();

/** PUT /trade-measure-subscription: empty filters hear of every note; `active: false` stops the notices. */
export const tradeMeasureSubscriptionSchema = z
  .object({
    countries: filter(countryCodeSchema, '国家或地区', 'countries'),
    hsPrefixes: filter(hsPrefixSchema, 'HS 编码前缀', 'hsPrefixes'),
    active: z.boolean({ error: bilingual('active 须为布尔值', 'active must be a boolean') }).optional(),
  })
  .strict();
export type TradeMeasureSubscriptionRequest = z.infer<typeof tradeMeasureSubscriptionSchema>;

export interface TradeMeasureSubscription {
  enterprise: string;
  countries: string[];
  hsPrefixes: string[];
  active: boolean;
  updatedAt: string;
}

export function tradeMeasureSubscriptionOf(enterprise: string, request: TradeMeasureSubscriptionRequest, at: string): TradeMeasureSubscription {
  return {
    enterprise,
    countries: [...new Set(request.countries ?? [])].sort(),
    hsPrefixes: [...new Set(request.hsPrefixes ?? [])].sort(),
    active: request.active ?? true,
    updatedAt: at,
  };
}

/** Whether a note concerns what the enterprise asked to hear about: its country, and an HS prefix one of the other. */
export function noteMatches(subscription: TradeMeasureSubscription, note: Pick<TradeMeasureNote, 'country' | 'hsPrefixes'>): boolean {
  if (!subscription.active) return false;
  if (subscription.countries.length > 0 && !subscription.countries.includes(note.country)) return false;
  if (subscription.hsPrefixes.length === 0) return true;
  return subscription.hsPrefixes.some((mine) => note.hsPrefixes.some((theirs) => mine.startsWith(theirs) || theirs.startsWith(mine)));
}
