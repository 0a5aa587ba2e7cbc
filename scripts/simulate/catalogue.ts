import type { BureauCode, Direction, GoodsCategory, TradeMode } from '#shared/domain/codes.ts';
import type { UnitCode } from '#shared/domain/validators/quantity.ts';

/**
 * The assumptions of the simulated day, in one place. Volumes are the 2024 figures of issue 6;
 * shares and rates are round numbers an inspection officer would recognise, not measurements.
 */
export const TRAINS_PER_DAY = 53;
export const OUTBOUND_SHARE = 0.55;
export const CONTAINERS_PER_TRAIN = { min: 41, max: 55 } as const;
/**
 * Containers per consignment (one filed lot): e-commerce and small shippers file one or two
 * boxes, the big shippers (laptops, car parts) a block of ten or more. Mean ≈ 3.7, so a train
 * carries about 13 consignments.
 */
export const CONTAINERS_PER_CONSIGNMENT: ReadonlyArray<readonly [number, number]> = [
  [1, 0.35],
  [2, 0.2],
  [3, 0.1],
  [4, 0.08],
  [5, 0.07],
  [6, 0.05],
  [8, 0.05],
  [10, 0.05],
  [15, 0.03],
  [20, 0.02],
];

/** How often each corridor runs, relative (Xi'an, Chongqing and Chengdu lead; 2024 public figures, rounded). */
export const CORRIDOR_WEIGHTS: Record<string, number> = {
  'xian-almaty': 16,
  'chongqing-duisburg': 13,
  'chengdu-lodz': 12,
  'zhengzhou-hamburg': 10,
  'yiwu-madrid': 9,
  'wuhan-pardubice': 6,
  'changsha-duisburg': 6,
  'suzhou-warsaw': 5,
  'guangzhou-moscow': 5,
  'harbin-hamburg': 4,
  'shenyang-hamburg': 4,
  'xiamen-lodz': 4,
  'tianjin-moscow': 3,
  'ningbo-central-asia': 3,
};

/** Administrative division of each inland bureau's seat, for the enterprises' credit codes. */
export const DIVISION_OF_BUREAU: Partial<Record<BureauCode, string>> = {
  CQ: '500000', SC: '510100', HA: '410100', HB: '420100', SN: '610100', ZJ: '330782', JS: '320500',
  HN: '430100', HL: '230100', LN: '210100', GD: '440100', XM: '350200', TJ: '120000', NB: '330200',
  XJ: '650100', NM: '150700',
};

export interface GoodsTemplate {
  /** What the simulation calls the kind of cargo (the summary counts by it). */
  cargo: 'general' | 'food' | 'bulk' | 'hazardous-chemical' | 'dangerous-goods' | 'waste-raw-material' | 'high-risk-agricultural';
  hsCode: string;
  description: string;
  unit: UnitCode;
  /** Net weight per container, kg. */
  kgPerContainer: number;
  quantityPerContainer: number;
  categories: GoodsCategory[];
}

const general = (hsCode: string, description: string, unit: UnitCode, quantityPerContainer: number, kgPerContainer: number): GoodsTemplate => ({
  cargo: 'general', hsCode, description, unit, quantityPerContainer, kgPerContainer, categories: ['general'],
});

/** Return trains bring cars and parts, machinery, food and drink, timber and some raw materials. */
export const IMPORT_GOODS: ReadonlyArray<readonly [GoodsTemplate, number]> = [
  [general('870899', 'motor vehicle parts / 汽车零部件', 'PCE', 1800, 14000), 26],
  [general('847989', 'industrial machinery / 工业机械', 'PCE', 12, 16000), 16],
  [general('847130', 'portable computers / 便携式计算机', 'PCE', 2400, 6000), 8],
  [general('870323', 'passenger cars / 乘用车', 'PCE', 2, 3200), 10],
  [general('901890', 'medical instruments / 医疗器械', 'PCE', 600, 5000), 6],
  [{ cargo: 'food', hsCode: '220421', description: 'wine in bottles / 瓶装葡萄酒', unit: 'LTR', quantityPerContainer: 18000, kgPerContainer: 19000, categories: ['food'] }, 8],
  [{ cargo: 'food', hsCode: '040221', description: 'milk powder / 奶粉', unit: 'KGM', quantityPerContainer: 20000, kgPerContainer: 20000, categories: ['food', 'animal-product'] }, 5],
  [{ cargo: 'bulk', hsCode: '440399', description: 'logs in bulk / 原木（散装）', unit: 'MTQ', quantityPerContainer: 40, kgPerContainer: 24000, categories: ['bulk', 'plant-product'] }, 4],
  [{ cargo: 'bulk', hsCode: '260111', description: 'iron ore / 铁矿砂', unit: 'TNE', quantityPerContainer: 26, kgPerContainer: 26000, categories: ['bulk'] }, 1],
  [{ cargo: 'hazardous-chemical', hsCode: '281511', description: 'caustic soda, solid / 固体烧碱', unit: 'TNE', quantityPerContainer: 22, kgPerContainer: 22000, categories: ['hazardous-chemical'] }, 2],
  [{ cargo: 'waste-raw-material', hsCode: '720449', description: 'ferrous scrap for remelting / 废钢', unit: 'TNE', quantityPerContainer: 25, kgPerContainer: 25000, categories: ['waste-raw-material'] }, 0.5],
  [{ cargo: 'high-risk-agricultural', hsCode: '020329', description: 'frozen pork / 冻猪肉', unit: 'TNE', quantityPerContainer: 24, kgPerContainer: 24000, categories: ['high-risk-agricultural', 'food', 'animal-product'] }, 2],
  [{ cargo: 'high-risk-agricultural', hsCode: '020130', description: 'frozen boneless beef / 冷冻去骨牛肉', unit: 'TNE', quantityPerContainer: 22, kgPerContainer: 22000, categories: ['high-risk-agricultural', 'food', 'animal-product'] }, 1],
  [{ cargo: 'high-risk-agricultural', hsCode: '100199', description: 'wheat / 小麦', unit: 'TNE', quantityPerContainer: 26, kgPerContainer: 26000, categories: ['high-risk-agricultural', 'plant-product'] }, 1],
];

/** Outbound trains carry manufactured goods; few are excepted from direct release. */
export const EXPORT_GOODS: ReadonlyArray<readonly [GoodsTemplate, number]> = [
  [general('847130', 'portable computers / 便携式计算机', 'PCE', 2400, 6000), 18],
  [general('950300', 'toys / 玩具', 'PCE', 30000, 9000), 12],
  [general('620342', "men's cotton trousers / 男式棉制长裤", 'PCE', 20000, 9000), 12],
  [general('870899', 'motor vehicle parts / 汽车零部件', 'PCE', 1800, 14000), 12],
  [general('940540', 'LED lamps / LED 灯具', 'PCE', 8000, 7000), 10],
  [general('851712', 'mobile phones / 手机', 'PCE', 12000, 3000), 10],
  [general('732393', 'stainless steel kitchenware / 不锈钢厨具', 'PCE', 15000, 11000), 8],
  [general('870380', 'electric cars / 电动汽车', 'PCE', 2, 4000), 6],
  [{ cargo: 'food', hsCode: '090210', description: 'green tea / 绿茶', unit: 'KGM', quantityPerContainer: 12000, kgPerContainer: 12000, categories: ['food', 'plant-product'] }, 3],
  [{ cargo: 'dangerous-goods', hsCode: '850760', description: 'lithium-ion batteries / 锂离子蓄电池', unit: 'PCE', quantityPerContainer: 4000, kgPerContainer: 12000, categories: ['dangerous-goods'] }, 2.5],
  [{ cargo: 'dangerous-goods', hsCode: '320890', description: 'paints in solvent / 溶剂型油漆', unit: 'KGM', quantityPerContainer: 16000, kgPerContainer: 16000, categories: ['dangerous-goods'] }, 0.5],
  [{ cargo: 'bulk', hsCode: '310210', description: 'urea in bulk / 散装尿素', unit: 'TNE', quantityPerContainer: 26, kgPerContainer: 26000, categories: ['bulk'] }, 1.5],
];

/** Trade modes of 408号 §5, by direction. */
export const TRADE_MODES: Record<Direction, ReadonlyArray<readonly [TradeMode, number]>> = {
  import: [['general-trade', 94], ['cross-border-ecommerce', 4], ['global-maintenance', 2]],
  export: [['general-trade', 84], ['cross-border-ecommerce', 9], ['market-procurement', 6], ['going-out-own-use', 1]],
};

/** Share of high-risk agricultural containers that travel sealed (one of the direct-through measures). */
export const SEALED_SHARE_HIGH_RISK = 0.9;
export const SEALED_SHARE_OTHER = 0.95;

/** Minutes an officer takes once a task is theirs to do: median and log-normal shape. */
export const RESPONSE_MINUTES = {
  'train-quarantine': { median: 35, sigma: 0.4 },
  'train-radiation': { median: 20, sigma: 0.4 },
  /** A consignment the train results did not cover (an alarm): a port officer checks it. */
  'port-checks': { median: 45, sigma: 0.5 },
  /** Opening at the port: unloading, inspection, resealing. */
  'port-inspection': { median: 180, sigma: 0.5 },
  /** Inland, once the goods have arrived at the destination's rail port. */
  'destination-inspection': { median: 360, sigma: 0.8 },
  'origin-inspection': { median: 240, sigma: 0.6 },
  treatment: { median: 1440, sigma: 0.5 },
} as const;

/** The train itself: minutes late at the border (normal), hours at the border for the gauge change. */
export const ARRIVAL_DELAY_MINUTES = { mean: 10, sd: 25 } as const;
export const BORDER_DWELL_HOURS = { min: 4, max: 7 } as const;
export const FOREIGN_LEG_DAYS = { min: 8, max: 12 } as const;

/** When declarations come in, hours before the planned border crossing. */
export const IMPORT_FILED_HOURS_BEFORE = { min: 0.5, max: 3 } as const;
export const EXPORT_FILED_HOURS_BEFORE = { min: 8, max: 30 } as const;
/**
 * The first crossing is this many hours after the start. Exports that would have been filed
 * before the start are filed in the first hours instead, at least this long before their crossing.
 */
export const FIRST_CROSSING_AFTER_HOURS = 12;
export const LATE_EXPORT_FILED_HOURS_BEFORE = 8;

/** Chance of each result; a failure names its disposal. */
export const OUTCOMES = {
  /** Channel monitor alarm, per container; most are naturally occurring radioactive material. */
  radiationAlarmPerContainer: 0.003,
  radiationAlarmConfirmed: 0.3,
  portInspectionImportFail: { rate: 0.03, disposals: [['treatment', 0.5], ['return', 0.5]] },
  portInspectionExportFail: { rate: 0.02, disposals: [['return', 1]] },
  destinationFail: { rate: 0.025, disposals: [['treatment', 0.6], ['return', 0.2], ['destroy', 0.2]] },
  originFail: { rate: 0.015, disposals: [['treatment', 0.3], ['return', 0.3], ['destroy', 0.4]] },
  treatmentFail: { rate: 0.05, disposals: [['destroy', 1]] },
} as const;

export const OWNER_CODES = ['CRSU', 'TGHU', 'MSKU', 'CSQU', 'TCNU', 'BMOU', 'FCIU', 'SEGU', 'TEMU', 'DFSU'] as const;
