import { linesEn, linesZh, refsEn, refsZh, type ReasonTemplate as Template } from '../policy/reason-text.ts';

/**
 * Texts of the alert platform's reason codes (§8, 408号 三（七）): one per measure an alert orders,
 * and the entry ban that reaches goods already on their way. Merged into the one table of
 * `policy/reasons.ts`, so `explain` serves them all; `refs` are the alert ids.
 */
const RULE = '国质检通〔2016〕408号 三（七）（疫病疫情和异常情况信息通报）';


/** Part of REASON_CODES (reason-codes.ts spreads them in). */
export const ALERT_REASON_CODES = [
  'ALERT_HEIGHTENED_INSPECTION',
  'ALERT_PORT_INSPECTION',
  'ALERT_DIRECT_RELEASE_SUSPENDED',
  'ALERT_ENTRY_BAN',
  'ALERT_ENTRY_BAN_IN_FLIGHT',
] as const;
export type AlertReasonCode = (typeof ALERT_REASON_CODES)[number];

export const ALERT_TEMPLATES: Record<AlertReasonCode, Template> = {
  ALERT_HEIGHTENED_INSPECTION: {
    rule: RULE,
    zh: (p) => `${linesZh(p)}的原产国家（地区）和商品在预警通报 ${refsZh(p)} 范围内，加严检验检疫`,
    en: (p) => `${linesEn(p)}: alert ${refsEn(p)} covers the origin country and commodity; inspection is intensified`,
  },
  ALERT_PORT_INSPECTION: {
    rule: RULE,
    zh: (p) => `${linesZh(p)}的原产国家（地区）和商品在预警通报 ${refsZh(p)} 范围内，实施口岸开箱查验`,
    en: (p) => `${linesEn(p)}: alert ${refsEn(p)} orders port inspection of goods from the origin country`,
  },
  ALERT_DIRECT_RELEASE_SUSPENDED: {
    rule: RULE,
    zh: (p) => `预警通报 ${refsZh(p)} 暂停${linesZh(p)}的直通、直放，改在口岸查验`,
    en: (p) => `alert ${refsEn(p)} suspends direct-through and direct release of ${linesEn(p)}: they are inspected at the port`,
  },
  ALERT_ENTRY_BAN: {
    rule: RULE,
    zh: (p) => `预警通报 ${refsZh(p)} 禁止${linesZh(p)}入境，不予受理报检`,
    en: (p) => `alert ${refsEn(p)} bans the entry of ${linesEn(p)}: the filing is refused`,
  },
  ALERT_ENTRY_BAN_IN_FLIGHT: {
    rule: RULE,
    zh: (p) => `${linesZh(p)}在途期间预警通报 ${refsZh(p)} 禁止其入境：实施口岸开箱查验、加严检验检疫，由检验检疫机构依法作退运或销毁处理`,
    en: (p) =>
      `alert ${refsEn(p)} banned the entry of ${linesEn(p)} while they were on their way: port inspection, intensified inspection, and the bureaus order return or destruction`,
  },
};
