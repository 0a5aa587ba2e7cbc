import type { Direction, TradeMode, TransportMode } from '../codes.ts';
import type { Disposal } from '../lifecycle-records.ts';
import type { ConsignmentTaskKind } from '../lifecycle/consignment-lifecycle.ts';
import type { LocalisedText } from '../text.ts';
import type { UnitCode } from '../validators/quantity.ts';

/**
 * How a certificate reads the codes it holds, Chinese first. Typed as complete records, so a
 * new code cannot reach a printed certificate without its words.
 */
export const DIRECTION_LABELS: Readonly<Record<Direction, LocalisedText>> = {
  import: { zh: '入境', en: 'import' },
  export: { zh: '出境', en: 'export' },
};

export const TRADE_MODE_LABELS: Readonly<Record<TradeMode, LocalisedText>> = {
  'general-trade': { zh: '一般贸易', en: 'general trade' },
  'cross-border-ecommerce': { zh: '跨境电子商务', en: 'cross-border e-commerce' },
  'market-procurement': { zh: '市场采购贸易', en: 'market procurement' },
  postal: { zh: '国际邮包', en: 'international postal parcels' },
  'global-maintenance': { zh: '全球维修', en: 'global maintenance' },
  'going-out-own-use': { zh: '“走出去”自用物资', en: "'going out' own-use goods" },
  'overseas-grown-agricultural': { zh: '境外种植农产品', en: 'overseas-grown farm products' },
};

export const TRANSPORT_MODE_LABELS: Readonly<Record<TransportMode, LocalisedText>> = {
  rail: { zh: '铁路（中欧班列）', en: 'rail (China–Europe Railway Express)' },
  'rail-air': { zh: '铁空联运', en: 'rail–air' },
  'sea-rail': { zh: '海铁联运', en: 'sea–rail' },
};

/** The task whose result decided a disposal. */
export const STAGE_LABELS: Readonly<Record<ConsignmentTaskKind, LocalisedText>> = {
  'port-checks': { zh: '口岸查验', en: 'port checks' },
  'port-inspection': { zh: '口岸开箱查验', en: 'port inspection' },
  'destination-inspection': { zh: '目的地检验检疫', en: 'destination inspection' },
  'origin-inspection': { zh: '产地检验检疫', en: 'origin inspection' },
  treatment: { zh: '检疫处理', en: 'quarantine treatment' },
  'mode-hand-over': { zh: '多式联运交接', en: 'multimodal hand-over' },
};

export const DISPOSAL_LABELS: Readonly<Record<Disposal, LocalisedText>> = {
  treatment: { zh: '检疫处理（除害处理）', en: 'quarantine treatment' },
  return: { zh: '退运', en: 'return shipment' },
  destroy: { zh: '销毁', en: 'destruction' },
};

export const UNIT_LABELS: Readonly<Record<UnitCode, LocalisedText>> = {
  PCE: { zh: '件', en: 'pieces' },
  SET: { zh: '套', en: 'sets' },
  PR: { zh: '双', en: 'pairs' },
  NAR: { zh: '个', en: 'articles' },
  KGM: { zh: '千克', en: 'kg' },
  GRM: { zh: '克', en: 'g' },
  TNE: { zh: '吨', en: 't' },
  LTR: { zh: '升', en: 'l' },
  MLT: { zh: '毫升', en: 'ml' },
  MTQ: { zh: '立方米', en: 'm³' },
  MTK: { zh: '平方米', en: 'm²' },
  MTR: { zh: '米', en: 'm' },
  DZN: { zh: '打', en: 'dozen' },
  HUR: { zh: '小时', en: 'hours' },
  XBX: { zh: '箱', en: 'boxes' },
  XCT: { zh: '纸箱', en: 'cartons' },
  XPK: { zh: '包', en: 'packages' },
  XPX: { zh: '托盘', en: 'pallets' },
  XBG: { zh: '袋', en: 'bags' },
  XDR: { zh: '桶', en: 'drums' },
};

/** A stage name for a `decidedIn` the table does not know (kept as written). */
export function stageLabel(decidedIn: string): LocalisedText {
  return (STAGE_LABELS as Readonly<Record<string, LocalisedText>>)[decidedIn] ?? { zh: decidedIn, en: decidedIn };
}
