import { z } from 'zod';
import type { LocalisedText } from '../text.ts';
import { bilingual } from '../text.ts';

/**
 * The certificates of origin (原产地证书) a bureau issues on an exporter's paperless application
 * (408号 三（六）). Two forms:
 *
 * - `general`: 一般原产地证明书, the non-preferential Certificate of Origin of the People's
 *   Republic of China, for any destination. Origin follows 《中华人民共和国进出口货物原产地条例》:
 *   wholly obtained in China, or last substantially transformed there, which 海关总署令第122号
 *   tests by a change of tariff heading, and where that does not fit by value added above 30 % or
 *   by a listed manufacturing or processing operation.
 * - `china-georgia-fta`: the certificate of the China–Georgia Free Trade Agreement (in force
 *   1 January 2018), preferential, for goods imported into Georgia: wholly obtained (WO), produced
 *   entirely from originating materials (WP), or meeting the product-specific rule of the
 *   agreement's annex (PSR), which the applicant names.
 *
 * Why Georgia rather than Serbia (in force 2024): the agreement's Article 3.14 names China's
 * entry-exit inspection and quarantine bureaus among the bodies that issue its certificates, which
 * is exactly the authority this system serves, and Georgia lies on the Middle Corridor that the
 * trains through Alashankou and Khorgos feed (Kazakhstan, the Caspian, Baku, Tbilisi and Poti).
 * The Serbian agreement came after the bureaus were merged into customs.
 *
 * A new form is one entry in `ORIGIN_FORMS` and `FORM_RULES`; the codes are part of the API.
 */
export const ORIGIN_FORMS = ['general', 'china-georgia-fta'] as const;
export type OriginForm = (typeof ORIGIN_FORMS)[number];
export const originFormSchema = z.enum(ORIGIN_FORMS, {
  error: bilingual('原产地证书类型须为 general 或 china-georgia-fta', 'form must be general or china-georgia-fta'),
});

/**
 * The basis on which a goods line is of Chinese origin, as the certificate states it:
 * WO wholly obtained, WP produced entirely from originating materials, ST substantial
 * transformation (non-preferential), PSR the product-specific rule of an agreement.
 */
export const ORIGIN_CRITERIA = ['WO', 'WP', 'ST', 'PSR'] as const;
export type OriginCriterion = (typeof ORIGIN_CRITERIA)[number];
export const originCriterionSchema = z.enum(ORIGIN_CRITERIA, {
  error: bilingual('原产地标准须为 WO、WP、ST 或 PSR', 'criterion must be WO, WP, ST or PSR'),
});

/**
 * The rule a transformation meets: a change of chapter (CC), heading (CTH) or subheading (CTSH);
 * a value content (RVC, regional value content of an agreement; VA, value added in China for the
 * non-preferential test); or a manufacturing or processing operation (PROCESS), described.
 */
export const ORIGIN_RULES = ['CC', 'CTH', 'CTSH', 'RVC', 'VA', 'PROCESS'] as const;
export type OriginRule = (typeof ORIGIN_RULES)[number];
export const originRuleSchema = z.enum(ORIGIN_RULES, {
  error: bilingual('原产地规则须为 CC、CTH、CTSH、RVC、VA 或 PROCESS', 'rule must be CC, CTH, CTSH, RVC, VA or PROCESS'),
});

export interface OriginFormRules {
  title: LocalisedText;
  preferential: boolean;
  /** The legal text the form's criteria come from. */
  basis: string;
  /** Goods must be imported into this country (ISO 3166-1 alpha-2); absent: any country. */
  importingCountry?: string;
  criteria: readonly OriginCriterion[];
  /** The criterion that rests on a rule, and the rules it may name. */
  transformation: { criterion: OriginCriterion; rules: readonly OriginRule[] };
  /** A value-content rule's threshold, in percent: at least `min`, or more than it when `exclusive`. */
  valueContent: { rule: OriginRule; min: number; exclusive: boolean };
}

export const FORM_RULES: Readonly<Record<OriginForm, OriginFormRules>> = {
  general: {
    title: { zh: '中华人民共和国原产地证明书（一般原产地证书）', en: "Certificate of Origin of the People's Republic of China (non-preferential)" },
    preferential: false,
    basis: '《中华人民共和国进出口货物原产地条例》; 海关总署令第122号',
    criteria: ['WO', 'ST'],
    transformation: { criterion: 'ST', rules: ['CTH', 'VA', 'PROCESS'] },
    valueContent: { rule: 'VA', min: 30, exclusive: true },
  },
  'china-georgia-fta': {
    title: { zh: '中国—格鲁吉亚自由贸易协定原产地证书', en: 'Certificate of Origin, China–Georgia Free Trade Agreement' },
    preferential: true,
    basis: 'China–Georgia FTA (2017), Chapter 3 and Annex II',
    importingCountry: 'GE',
    criteria: ['WO', 'WP', 'PSR'],
    transformation: { criterion: 'PSR', rules: ['CC', 'CTH', 'CTSH', 'RVC'] },
    valueContent: { rule: 'RVC', min: 40, exclusive: false },
  },
};

export const CRITERION_TEXT: Readonly<Record<OriginCriterion, LocalisedText>> = {
  WO: { zh: '完全获得', en: 'wholly obtained' },
  WP: { zh: '完全由原产材料生产', en: 'produced entirely from originating materials' },
  ST: { zh: '实质性改变', en: 'substantially transformed' },
  PSR: { zh: '符合产品特定原产地规则', en: 'meets the product-specific rule' },
};
