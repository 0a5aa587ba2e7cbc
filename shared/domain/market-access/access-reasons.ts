import { linesEn, linesZh, refsEn, refsZh, type ReasonTemplate as Template } from '../policy/reason-text.ts';

/**
 * Texts of the market-access and designated-site reason codes (408号 三（三）). Merged into the one
 * table of `policy/reasons.ts`, so `explain` serves them; the refusals are also the `code` of the
 * problem's field when a filing is refused.
 */
export const ACCESS_RULE = '国质检通〔2016〕408号 三（三）（进境货物准入、指定口岸）';

/** Part of REASON_CODES (reason-codes.ts spreads them in). */
export const MARKET_ACCESS_REASON_CODES = [
  'MARKET_ACCESS_GRANTED',
  'MARKET_ACCESS_NOT_GRANTED',
  'MARKET_ACCESS_WITHDRAWN',
  'MARKET_ACCESS_NOT_IN_FORCE',
  'MARKET_ACCESS_PERMIT_REQUIRED',
  'MARKET_ACCESS_PERMIT_MISSING',
  'MARKET_ACCESS_DESIGNATED_SITE',
  'MARKET_ACCESS_NO_DESIGNATED_SITE_PORT_INSPECTION',
  'MARKET_ACCESS_HEIGHTENED_INSPECTION',
] as const;
export type MarketAccessReasonCode = (typeof MARKET_ACCESS_REASON_CODES)[number];

export const MARKET_ACCESS_TEMPLATES: Record<MarketAccessReasonCode, Template> = {
  MARKET_ACCESS_GRANTED: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}的原产国已获该产品准入（${refsZh(p)}）`,
    en: (p) => `${linesEn(p)}: the country of origin has market access for the product (${refsEn(p)})`,
  },
  MARKET_ACCESS_NOT_GRANTED: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}属准入管理产品，原产国未获准入，不予受理报检`,
    en: (p) => `${linesEn(p)}: the product is under market access and its country of origin has none; the filing is refused`,
  },
  MARKET_ACCESS_WITHDRAWN: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}原产国的准入（${refsZh(p)}）已撤销，不予受理报检`,
    en: (p) => `${linesEn(p)}: the market access of the country of origin (${refsEn(p)}) has been withdrawn; the filing is refused`,
  },
  MARKET_ACCESS_NOT_IN_FORCE: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}原产国的准入（${refsZh(p)}）不在有效期内，不予受理报检`,
    en: (p) => `${linesEn(p)}: the market access of the country of origin (${refsEn(p)}) is not in force; the filing is refused`,
  },
  MARKET_ACCESS_PERMIT_REQUIRED: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}按准入条件（${refsZh(p)}）须凭进境动植物检疫许可证进口，核销所引许可证`,
    en: (p) => `${linesEn(p)}: the access conditions (${refsEn(p)}) require an entry quarantine permit, written off on filing`,
  },
  MARKET_ACCESS_PERMIT_MISSING: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}按准入条件（${refsZh(p)}）须在 permits 中引用进境动植物检疫许可证，不予受理报检`,
    en: (p) => `${linesEn(p)}: the access conditions (${refsEn(p)}) require an entry quarantine permit cited in permits; the filing is refused`,
  },
  MARKET_ACCESS_DESIGNATED_SITE: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}按准入条件须进入指定监管场地：目的地的指定监管场地 ${refsZh(p)}`,
    en: (p) => `${linesEn(p)}: the access conditions require a designated site; the destination's designated site ${refsEn(p)}`,
  },
  MARKET_ACCESS_NO_DESIGNATED_SITE_PORT_INSPECTION: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}按准入条件（${refsZh(p)}）须进入指定监管场地，目的地无该类场地，转为口岸开箱查验`,
    en: (p) => `${linesEn(p)}: the access conditions (${refsEn(p)}) require a designated site the destination does not have; port inspection`,
  },
  MARKET_ACCESS_HEIGHTENED_INSPECTION: {
    rule: ACCESS_RULE,
    zh: (p) => `${linesZh(p)}按准入条件（${refsZh(p)}）提高检验检疫级别`,
    en: (p) => `${linesEn(p)}: the access conditions (${refsEn(p)}) set a higher inspection level`,
  },
};
