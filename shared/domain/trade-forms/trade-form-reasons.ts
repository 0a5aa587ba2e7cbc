import { linesEn, linesZh, refsEn, refsZh, type ReasonTemplate as Template } from '../policy/reason-text.ts';

/**
 * Reason codes of the new trade forms (408号 三（四）) and multimodal chains (三（九））: list-based
 * sampling of parcel manifests, the bureaus' roles along a journey's legs, the market-procurement
 * register and the global-maintenance pairs. Merged into REASON_CODES and the one table of
 * `policy/reasons.ts`, as the permit codes are. A `detail` (the numbers, the bureaus) is appended
 * by `explain`.
 */
const RULE = {
  newTrade: '国质检通〔2016〕408号 三（四）',
  multimodal: '国质检通〔2016〕408号 三（九）',
  sampling: '国质检通〔2016〕408号 三（四）；GB/T 2828.1 计数抽样检验程序',
} as const;

export const TRADE_FORM_REASON_CODES = [
  // list-based supervision of cross-border e-commerce and postal parcels
  'LIST_BASED_SAMPLING',
  // one supervision across the legs of a multimodal journey
  'MULTIMODAL_PORT_OF_ENTRY',
  'MULTIMODAL_PORT_OF_EXIT',
  'MULTIMODAL_HAND_OVER',
  'MULTIMODAL_INLAND_AS_RAIL',
  // market procurement: the purchase-location bureau's register of markets, traders and goods
  'MARKET_PROCUREMENT_REGISTERED_TRADER',
  'MARKET_PROCUREMENT_TRADER_NOT_REGISTERED',
  'MARKET_PROCUREMENT_GOODS_NOT_LISTED',
  'MARKET_PROCUREMENT_NOT_PURCHASE_LOCATION',
  // global maintenance: the repair import and its re-export as a pair
  'GLOBAL_MAINTENANCE_RE_EXPORT_DUE',
  'GLOBAL_MAINTENANCE_RE_EXPORT_OF',
  'GLOBAL_MAINTENANCE_IMPORT_UNKNOWN',
] as const;
export type TradeFormReasonCode = (typeof TRADE_FORM_REASON_CODES)[number];

export const TRADE_FORM_TEMPLATES: Record<TradeFormReasonCode, Template> = {
  LIST_BASED_SAMPLING: {
    rule: RULE.sampling,
    zh: () => '清单管理：按清单行抽样查验，样本合格则其余清单一次放行',
    en: () => 'list-based supervision: a sample of manifest lines is inspected, and a passing sample releases the rest in one decision',
  },
  MULTIMODAL_PORT_OF_ENTRY: {
    rule: RULE.multimodal,
    zh: (p) => `首个入境口岸（${refsZh(p)}）按直通模式实施口岸查验`,
    en: (p) => `the first Chinese port of entry (${refsEn(p)}) does the port checks of the direct-through model`,
  },
  MULTIMODAL_PORT_OF_EXIT: {
    rule: RULE.multimodal,
    zh: (p) => `出境口岸（${refsZh(p)}）仅实施出境检疫及例外货物的口岸查验`,
    en: (p) => `the port of exit (${refsEn(p)}) does exit quarantine and the port inspection of excepted goods only`,
  },
  MULTIMODAL_HAND_OVER: {
    rule: RULE.multimodal,
    zh: (p) => `运输方式转换地（${refsZh(p)}）记录交接并逐箱核对封识`,
    en: (p) => `at the change of mode (${refsEn(p)}) the hand-over is recorded and every container's seal checked`,
  },
  MULTIMODAL_INLAND_AS_RAIL: {
    rule: RULE.multimodal,
    zh: () => '内陆检验检疫机构按班列货物实施检验检疫',
    en: () => 'the inland bureau inspects as for goods carried by rail',
  },
  MARKET_PROCUREMENT_REGISTERED_TRADER: {
    rule: RULE.newTrade,
    zh: (p) => `市场采购：发货人为备案市场（${refsZh(p)}）的备案商户，货物在其备案商品清单内，由采购地检验检疫机构实施检验`,
    en: (p) => `market procurement: the consignor is a trader registered at the market (${refsEn(p)}) with the goods on its list; the purchase-location bureau inspects`,
  },
  MARKET_PROCUREMENT_TRADER_NOT_REGISTERED: {
    rule: RULE.newTrade,
    zh: () => '市场采购出口的发货人须为采购地检验检疫机构备案市场的备案商户',
    en: () => 'a market-procurement export comes from a trader registered at a market of the purchase-location bureau',
  },
  MARKET_PROCUREMENT_GOODS_NOT_LISTED: {
    rule: RULE.newTrade,
    zh: (p) => `${linesZh(p)}不在商户的备案商品清单内`,
    en: (p) => `${linesEn(p)}: not on the trader's registered goods list`,
  },
  MARKET_PROCUREMENT_NOT_PURCHASE_LOCATION: {
    rule: RULE.newTrade,
    zh: (p) => `市场采购由采购地检验检疫机构（${refsZh(p)}）实施检验，产地直属局须为该局`,
    en: (p) => `market procurement is inspected by the purchase-location bureau (${refsEn(p)}): originBureau must be it`,
  },
  GLOBAL_MAINTENANCE_RE_EXPORT_DUE: {
    rule: RULE.newTrade,
    zh: (p) => `全球维修：维修货物须于 ${refsZh(p)} 前复运出境，逾期升级处理`,
    en: (p) => `global maintenance: the repaired goods must leave again by ${refsEn(p)}; overdue, the case escalates`,
  },
  GLOBAL_MAINTENANCE_RE_EXPORT_OF: {
    rule: RULE.newTrade,
    zh: (p) => `全球维修复运出境，对应维修进境货物 ${refsZh(p)}`,
    en: (p) => `global maintenance re-export of the repair import ${refsEn(p)}`,
  },
  GLOBAL_MAINTENANCE_IMPORT_UNKNOWN: {
    rule: RULE.newTrade,
    zh: () => '复运出境须引用本企业尚未复出的全球维修进境货物',
    en: () => "a re-export cites a global-maintenance import of the same enterprise that has not left again",
  },
};
