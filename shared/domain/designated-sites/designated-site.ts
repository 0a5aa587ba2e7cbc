import { z } from 'zod';
import { bureauCodeSchema, type BureauCode } from '../codes.ts';
import { MAX_PARTY_NAME_LENGTH } from '../limits.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import {
  changeEntry,
  registerEntry,
  registerIdSchema,
  text,
  versionSchema,
  withdrawEntry,
  type EntryChange,
  type EntryChangeOutcome,
  type EntryMeta,
} from '../market-access/register-entry.ts';
import type { Actor } from '../train.ts';

/**
 * Designated inland sites (指定监管场地, 408号 三（三）"统筹班列沿线内陆地区建设指定口岸"): sites approved
 * for one or more classes of high-risk goods, each under one bureau. HQ keeps the register; every
 * caller reads it. A destination bureau takes such goods direct-through only into a site of the
 * goods' class (the high-risk measures of 三（一） and the market-access conditions).
 */
export const SITE_CATEGORIES = ['meat', 'chilled-aquatic', 'fruit', 'grain', 'logs', 'live-animals', 'plant-seedlings'] as const;
export type SiteCategory = (typeof SITE_CATEGORIES)[number];
export const siteCategorySchema = z.enum(SITE_CATEGORIES, {
  error: bilingual(`指定监管场地类别须为 ${SITE_CATEGORIES.join('、')} 之一`, `the site category is one of ${SITE_CATEGORIES.join(', ')}`),
});

/** What each class of site takes, by HS prefix, and its name (进境肉类指定监管场地 ...). */
export const SITE_CATEGORY_GOODS: Record<SiteCategory, { hsPrefixes: string[]; name: LocalisedText }> = {
  meat: { hsPrefixes: ['02', '1601', '1602'], name: { zh: '进境肉类', en: 'imported meat' } },
  'chilled-aquatic': { hsPrefixes: ['0302', '0304', '0306', '0307'], name: { zh: '进境冰鲜水产品', en: 'imported chilled fish and seafood' } },
  fruit: { hsPrefixes: ['08'], name: { zh: '进境水果', en: 'imported fruit' } },
  grain: { hsPrefixes: ['10', '12'], name: { zh: '进境粮食', en: 'imported grain' } },
  logs: { hsPrefixes: ['4401', '4403'], name: { zh: '进境原木', en: 'imported logs' } },
  'live-animals': { hsPrefixes: ['01', '0301'], name: { zh: '进境活动物', en: 'imported live animals' } },
  'plant-seedlings': { hsPrefixes: ['0602'], name: { zh: '进境植物种苗', en: 'imported plant seedlings' } },
};

export const siteIdSchema = registerIdSchema('场地编号', 'id', 'CQ-MEAT');
export const sitePathSchema = z.object({ id: siteIdSchema });

const categoriesSchema = z
  .array(siteCategorySchema, { error: bilingual('场地类别须为数组', 'categories must be an array') })
  .min(1, { error: bilingual('至少一个场地类别', 'at least one category') })
  .max(SITE_CATEGORIES.length, { error: bilingual('场地类别有重复', 'categories repeat an entry') })
  .refine((values) => new Set(values).size === values.length, { error: bilingual('场地类别有重复', 'categories repeat an entry') });

const nameSchema = z
  .object({ zh: text('场地名称（中文）', 'name.zh', MAX_PARTY_NAME_LENGTH), en: text('场地名称（英文）', 'name.en', MAX_PARTY_NAME_LENGTH) })
  .strict();

/** POST /designated-sites. */
export const siteRegistrationSchema = z
  .object({
    id: siteIdSchema,
    bureau: bureauCodeSchema.refine((code) => code !== 'HQ', { error: bilingual('场地须属于一个直属局', 'a site belongs to a bureau, not HQ') }),
    name: nameSchema,
    categories: categoriesSchema,
  })
  .strict();
export type SiteRegistration = z.infer<typeof siteRegistrationSchema>;

/** PATCH /designated-sites/{id}: from the version read. */
export const siteChangeSchema = z
  .object({ version: versionSchema, name: nameSchema.optional(), categories: categoriesSchema.optional() })
  .strict()
  .refine((change) => change.name !== undefined || change.categories !== undefined, { error: bilingual('没有要修改的内容', 'nothing to change') });
export type SiteChange = z.infer<typeof siteChangeSchema>;

export const SITE_FIELDS = ['bureau', 'name', 'categories', 'status'] as const;
export type SiteField = (typeof SITE_FIELDS)[number];

export interface DesignatedSite extends EntryMeta {
  bureau: BureauCode;
  name: LocalisedText;
  categories: SiteCategory[];
}
export type SiteHistoryEntry = EntryChange<SiteField>;

const SEEDED = { registeredBy: { bureau: 'HQ', subject: 'seed' } as Actor, createdAt: '2016-09-01T00:00:00.000Z', updatedAt: '2016-09-01T00:00:00.000Z' };
const seeded = (id: string, bureau: BureauCode, name: LocalisedText, categories: SiteCategory[]): DesignatedSite => ({ id, bureau, name, categories, status: 'active', version: 0, ...SEEDED });

/**
 * The sites the system ships with: the register's version 0, in force until HQ changes or
 * withdraws one (which writes it at version 1). These are the rail-port sites the routing policy
 * has always assumed for high-risk agricultural goods.
 */
export const SEED_SITES: readonly DesignatedSite[] = [
  seeded('CQ-MEAT', 'CQ', { zh: '重庆铁路口岸进口肉类指定监管场地', en: 'Chongqing rail port designated site for imported meat' }, ['meat']),
  seeded('SC-MEAT', 'SC', { zh: '成都铁路口岸进口肉类指定监管场地', en: 'Chengdu rail port designated site for imported meat' }, ['meat']),
  seeded('HA-GRAIN', 'HA', { zh: '郑州铁路口岸进境粮食指定监管场地', en: 'Zhengzhou rail port designated site for imported grain' }, ['grain']),
  seeded('HB-FRUIT', 'HB', { zh: '武汉铁路口岸进境水果指定监管场地', en: 'Wuhan rail port designated site for imported fruit' }, ['fruit']),
];

export function registerSite(registration: SiteRegistration, meta: { at: string; by: Actor }): { entry: DesignatedSite; change: SiteHistoryEntry } {
  return registerEntry(registration, meta, SITE_FIELDS);
}

export function changeSite(current: DesignatedSite, change: SiteChange, meta: { at: string; by: Actor }): EntryChangeOutcome<DesignatedSite, SiteField> {
  return changeEntry(current, change, meta, SITE_FIELDS);
}

export function withdrawSite(current: DesignatedSite, reason: string, meta: { at: string; by: Actor }): { entry: DesignatedSite; change: SiteHistoryEntry } {
  return withdrawEntry(current, reason, meta, SITE_FIELDS);
}

/** The register as stored, with every seed entry nobody has written yet in its place (version 0). */
export function withSeed(stored: readonly DesignatedSite[]): DesignatedSite[] {
  const ids = new Set(stored.map((site) => site.id));
  return [...stored, ...SEED_SITES.filter((site) => !ids.has(site.id))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The active sites as the routing policy reads them (`HighRiskAgriculturalMeasures.designatedSites`). */
export function policySitesOf(sites: readonly DesignatedSite[]) {
  return sites
    .filter((site) => site.status === 'active')
    .map((site) => ({
      id: site.id,
      bureau: site.bureau,
      name: site.name,
      categories: site.categories,
      hsPrefixes: [...new Set(site.categories.flatMap((category) => SITE_CATEGORY_GOODS[category].hsPrefixes))],
    }));
}
export type PolicySite = ReturnType<typeof policySitesOf>[number];
