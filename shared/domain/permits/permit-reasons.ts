import { linesEn, linesZh, refsEn, refsZh, type ReasonTemplate as Template } from '../policy/reason-text.ts';

/**
 * Texts of the permit reason codes (§7): which goods need a permit and why, and each check of a
 * cited permit. Merged into the one table of `policy/reasons.ts`, so `explain` serves them all.
 */

/** The provisions: entry quarantine approval, health quarantine of special items, plant introduction, 408号. */
const RULE = {
  animalPlant: '《中华人民共和国进出境动植物检疫法》第十条；《进境动植物检疫审批管理办法》',
  propagating: '《中华人民共和国进出境动植物检疫法》第十条；《植物检疫条例》（国外引种检疫审批）',
  specialItem: '《中华人民共和国国境卫生检疫法》及其实施细则；《出入境特殊物品卫生检疫管理规定》',
  verification: '国质检通〔2016〕408号 三（六）（许可证、审批单自动校验核销）',
} as const;


/** "Goods line n is <what>: an import needs an entry quarantine permit, cited in `permits`." */
function permitRequired(zhWhat: string, enWhat: string, rule: string = RULE.animalPlant): Template {
  return {
    rule,
    zh: (p) => `${linesZh(p)}为${zhWhat}，进境须事先办理检疫审批，报检时须在 permits 中引用进境动植物检疫许可证`,
    en: (p) => `${linesEn(p)}: ${enWhat} need an entry animal/plant quarantine permit, cited in permits`,
  };
}

/** Part of REASON_CODES (reason-codes.ts spreads them in): the codes of §7's permits. */
export const PERMIT_REASON_CODES = [
  'PERMIT_REQUIRED_LIVE_ANIMALS',
  'PERMIT_REQUIRED_MEAT',
  'PERMIT_REQUIRED_AQUATIC',
  'PERMIT_REQUIRED_DAIRY_EGGS',
  'PERMIT_REQUIRED_NON_EDIBLE_ANIMAL',
  'PERMIT_REQUIRED_PROPAGATING_MATERIAL',
  'PERMIT_REQUIRED_FRUIT_VEGETABLES',
  'PERMIT_REQUIRED_GRAIN',
  'PERMIT_REQUIRED_FEED',
  'PERMIT_REQUIRED_TOBACCO',
  'APPROVAL_REQUIRED_SPECIAL_ITEM',
  'PERMIT_UNKNOWN',
  'PERMIT_CITED_TWICE',
  'PERMIT_KIND_MISMATCH',
  'PERMIT_CANCELLED',
  'PERMIT_NOT_VALID',
  'PERMIT_PRODUCT_NOT_COVERED',
  'PERMIT_ORIGIN_NOT_ALLOWED',
  'PERMIT_PORT_NOT_PERMITTED',
  'PERMIT_UNIT_MISMATCH',
  'PERMIT_QUANTITY_MISMATCH',
  'PERMIT_LINE_AMBIGUOUS',
  'PERMIT_BALANCE_INSUFFICIENT',
] as const;
export type PermitReasonCode = (typeof PERMIT_REASON_CODES)[number];

export const PERMIT_TEMPLATES: Record<PermitReasonCode, Template> = {
  PERMIT_REQUIRED_LIVE_ANIMALS: permitRequired('活动物', 'live animals'),
  PERMIT_REQUIRED_MEAT: permitRequired('肉类及其产品（含脏器、肠衣）', 'meat, edible offal and casings'),
  PERMIT_REQUIRED_AQUATIC: permitRequired('水生动物及水产品', 'aquatic animals and aquatic products'),
  PERMIT_REQUIRED_DAIRY_EGGS: permitRequired('乳品、鲜蛋或燕窝等动物源性食品', 'milk, fresh eggs and bird’s nests'),
  PERMIT_REQUIRED_NON_EDIBLE_ANIMAL: permitRequired('非食用动物产品（皮张、毛类、骨蹄角、蚕茧、动物源性饲料等）', 'non-edible animal products (hides, wool, bones and horns, cocoons, animal-origin feed)'),
  PERMIT_REQUIRED_PROPAGATING_MATERIAL: {
    rule: RULE.propagating,
    zh: (p) => `${linesZh(p)}为种子、苗木等植物繁殖材料，须事先办理引种检疫审批，报检时须在 permits 中引用`,
    en: (p) => `${linesEn(p)}: seeds, seedlings and other propagating material need an introduction quarantine approval, cited in permits`,
  },
  PERMIT_REQUIRED_FRUIT_VEGETABLES: permitRequired('新鲜水果或须审批的蔬菜（番茄、茄子、辣椒果实）', 'fresh fruit and the listed vegetables (tomatoes, aubergines, peppers)'),
  PERMIT_REQUIRED_GRAIN: permitRequired('粮食（谷物、豆类、油籽、薯类）', 'grain (cereals, pulses, oilseeds, potatoes and other tubers)'),
  PERMIT_REQUIRED_FEED: permitRequired('饲料（饲草、麸皮、糟渣、饼粕、配合饲料）', 'feed (forage, bran, residues, oilcake, prepared feed)'),
  PERMIT_REQUIRED_TOBACCO: permitRequired('烟叶', 'leaf tobacco'),
  APPROVAL_REQUIRED_SPECIAL_ITEM: {
    rule: RULE.specialItem,
    zh: (p) => `${linesZh(p)}为特殊物品（微生物、人体组织、生物制品、血液及其制品），出入境须取得特殊物品卫生检疫审批单，报检时须在 permits 中引用`,
    en: (p) => `${linesEn(p)}: special items (micro-organisms, human tissue, biological products, blood and blood products) need a special-item health quarantine approval, cited in permits`,
  },
  PERMIT_UNKNOWN: {
    rule: RULE.verification,
    zh: (p) => `许可证登记册中没有签发给申报中方企业的许可证或审批单 ${refsZh(p)}`,
    en: (p) => `the register holds no permit or approval ${refsEn(p)} issued to the filing's Chinese party`,
  },
  PERMIT_CITED_TWICE: {
    rule: RULE.verification,
    zh: (p) => `许可证 ${refsZh(p)} 被重复引用，同一许可证每批只引用一次（分项核销请用 goodsLine 分别引用不同许可证）`,
    en: (p) => `permit ${refsEn(p)} is cited more than once; cite each permit once per filing`,
  },
  PERMIT_KIND_MISMATCH: {
    rule: RULE.verification,
    zh: (p) => `引用的种类与许可证 ${refsZh(p)} 的登记种类不符`,
    en: (p) => `the kind cited does not match the registered kind of permit ${refsEn(p)}`,
  },
  PERMIT_CANCELLED: {
    rule: RULE.verification,
    zh: (p) => `许可证 ${refsZh(p)} 已被签发机构注销`,
    en: (p) => `permit ${refsEn(p)} has been cancelled by its issuing bureau`,
  },
  PERMIT_NOT_VALID: {
    rule: RULE.verification,
    zh: (p) => `报检时许可证 ${refsZh(p)} 不在有效期内`,
    en: (p) => `permit ${refsEn(p)} is not valid at the time of filing`,
  },
  PERMIT_PRODUCT_NOT_COVERED: {
    rule: RULE.verification,
    zh: (p) => `${linesZh(p)}不在许可证 ${refsZh(p)} 准许的产品范围内`,
    en: (p) => `${linesEn(p)} not within the product permit ${refsEn(p)} covers`,
  },
  PERMIT_ORIGIN_NOT_ALLOWED: {
    rule: RULE.verification,
    zh: (p) => `${linesZh(p)}的输出（出口时为输入）国家或地区不在许可证 ${refsZh(p)} 准许之列`,
    en: (p) => `${linesEn(p)}: the country of origin (for an export, of destination) is not one permit ${refsEn(p)} allows`,
  },
  PERMIT_PORT_NOT_PERMITTED: {
    rule: RULE.verification,
    zh: (p) => `许可证 ${refsZh(p)} 未准许经申报口岸进出境`,
    en: (p) => `permit ${refsEn(p)} does not allow the declared border port`,
  },
  PERMIT_UNIT_MISMATCH: {
    rule: RULE.verification,
    zh: (p) => `核销计量单位与许可证 ${refsZh(p)} 不符`,
    en: (p) => `the unit does not match permit ${refsEn(p)}`,
  },
  PERMIT_QUANTITY_MISMATCH: {
    rule: RULE.verification,
    zh: (p) => `核销数量与许可证 ${refsZh(p)} 所覆盖货物的申报数量不符`,
    en: (p) => `the quantity cited on permit ${refsEn(p)} differs from the goods it covers`,
  },
  PERMIT_LINE_AMBIGUOUS: {
    rule: RULE.verification,
    zh: (p) => `${linesZh(p)}同时在多份所引许可证的范围内，须以 goodsLine 指明每份许可证核销的货物项`,
    en: (p) => `${linesEn(p)} fall within several cited permits; name each permit's goods line with goodsLine`,
  },
  PERMIT_BALANCE_INSUFFICIENT: {
    rule: RULE.verification,
    zh: (p) => `许可证 ${refsZh(p)} 余量不足，不能核销`,
    en: (p) => `permit ${refsEn(p)} has too little left for this write-off`,
  },
};
