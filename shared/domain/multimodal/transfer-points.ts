import { z } from 'zod';
import type { BureauCode, PortCode } from '../codes.ts';
import { bilingual } from '../text.ts';
import type { LocalisedText } from '../text.ts';

/**
 * The Chinese places a multimodal journey (408号 三（九）: 铁空、水铁多式联运) can touch: the four rail
 * border ports, the seaports and airports where containers change mode, and the inland rail
 * terminals of the train services DOMAIN.md lists. Each is supervised by the directly affiliated
 * bureau of its province or city (the bureau codes of `codes.ts`; a seaport or airport of a
 * province without a bureau code here is left out rather than given an invented one).
 */
export type TransferPointKind = 'rail-border-port' | 'seaport' | 'airport' | 'rail-terminal';
export type JourneyMode = 'rail' | 'sea' | 'air';

export interface TransferPoint {
  code: string;
  kind: TransferPointKind;
  name: LocalisedText;
  bureau: BureauCode;
  /** The rail border port this point is, for `rail-border-port`. */
  port?: PortCode;
}

export const TRANSFER_POINTS = [
  { code: 'MANZHOULI', kind: 'rail-border-port', name: { zh: '满洲里口岸', en: 'Manzhouli border port' }, bureau: 'NM', port: 'MANZHOULI' },
  { code: 'ERENHOT', kind: 'rail-border-port', name: { zh: '二连浩特口岸', en: 'Erenhot border port' }, bureau: 'NM', port: 'ERENHOT' },
  { code: 'ALASHANKOU', kind: 'rail-border-port', name: { zh: '阿拉山口口岸', en: 'Alashankou border port' }, bureau: 'XJ', port: 'ALASHANKOU' },
  { code: 'KHORGOS', kind: 'rail-border-port', name: { zh: '霍尔果斯口岸', en: 'Khorgos border port' }, bureau: 'XJ', port: 'KHORGOS' },
  // Seaports of sea–rail services (海铁联运), supervised by the bureau of their province or city.
  { code: 'LIANYUNGANG-PORT', kind: 'seaport', name: { zh: '连云港港', en: 'Port of Lianyungang' }, bureau: 'JS' },
  { code: 'TIANJIN-PORT', kind: 'seaport', name: { zh: '天津港', en: 'Port of Tianjin' }, bureau: 'TJ' },
  { code: 'DALIAN-PORT', kind: 'seaport', name: { zh: '大连港', en: 'Port of Dalian' }, bureau: 'LN' },
  { code: 'YINGKOU-PORT', kind: 'seaport', name: { zh: '营口港', en: 'Port of Yingkou' }, bureau: 'LN' },
  { code: 'NINGBO-PORT', kind: 'seaport', name: { zh: '宁波舟山港', en: 'Port of Ningbo-Zhoushan' }, bureau: 'NB' },
  { code: 'XIAMEN-PORT', kind: 'seaport', name: { zh: '厦门港', en: 'Port of Xiamen' }, bureau: 'XM' },
  // Airports of rail–air services (铁空联运).
  { code: 'ZHENGZHOU-AIRPORT', kind: 'airport', name: { zh: '郑州新郑国际机场', en: 'Zhengzhou Xinzheng International Airport' }, bureau: 'HA' },
  { code: 'CHONGQING-AIRPORT', kind: 'airport', name: { zh: '重庆江北国际机场', en: 'Chongqing Jiangbei International Airport' }, bureau: 'CQ' },
  { code: 'CHENGDU-AIRPORT', kind: 'airport', name: { zh: '成都双流国际机场', en: 'Chengdu Shuangliu International Airport' }, bureau: 'SC' },
  { code: 'WUHAN-AIRPORT', kind: 'airport', name: { zh: '武汉天河国际机场', en: 'Wuhan Tianhe International Airport' }, bureau: 'HB' },
  { code: 'XIAN-AIRPORT', kind: 'airport', name: { zh: '西安咸阳国际机场', en: "Xi'an Xianyang International Airport" }, bureau: 'SN' },
  // Inland rail terminals of the services in DOMAIN.md.
  { code: 'CHONGQING-RAIL', kind: 'rail-terminal', name: { zh: '重庆团结村站', en: 'Chongqing Tuanjiecun terminal' }, bureau: 'CQ' },
  { code: 'CHENGDU-RAIL', kind: 'rail-terminal', name: { zh: '成都青白江站', en: 'Chengdu Qingbaijiang terminal' }, bureau: 'SC' },
  { code: 'ZHENGZHOU-RAIL', kind: 'rail-terminal', name: { zh: '郑州圃田站', en: 'Zhengzhou Putian terminal' }, bureau: 'HA' },
  { code: 'WUHAN-RAIL', kind: 'rail-terminal', name: { zh: '武汉吴家山站', en: 'Wuhan Wujiashan terminal' }, bureau: 'HB' },
  { code: 'XIAN-RAIL', kind: 'rail-terminal', name: { zh: '西安新筑站', en: "Xi'an Xinzhu terminal" }, bureau: 'SN' },
  { code: 'YIWU-RAIL', kind: 'rail-terminal', name: { zh: '义乌西站', en: 'Yiwu West terminal' }, bureau: 'ZJ' },
  { code: 'SUZHOU-RAIL', kind: 'rail-terminal', name: { zh: '苏州西站', en: 'Suzhou West terminal' }, bureau: 'JS' },
  { code: 'CHANGSHA-RAIL', kind: 'rail-terminal', name: { zh: '长沙霞凝站', en: 'Changsha Xianing terminal' }, bureau: 'HN' },
  { code: 'HARBIN-RAIL', kind: 'rail-terminal', name: { zh: '哈尔滨香坊站', en: 'Harbin Xiangfang terminal' }, bureau: 'HL' },
  { code: 'SHENYANG-RAIL', kind: 'rail-terminal', name: { zh: '沈阳东站', en: 'Shenyang East terminal' }, bureau: 'LN' },
] as const satisfies readonly TransferPoint[];

export type TransferPointCode = (typeof TRANSFER_POINTS)[number]['code'];
const CODES = TRANSFER_POINTS.map((p) => p.code) as [TransferPointCode, ...TransferPointCode[]];

export const transferPointCodeSchema = z.enum(CODES, { error: bilingual('未知的联运节点代码', 'unknown transfer point code') });

export function transferPoint(code: TransferPointCode): TransferPoint {
  const point = TRANSFER_POINTS.find((p) => p.code === code);
  if (!point) throw new Error(`no transfer point ${code}`);
  return point;
}

/** Which modes may start or end at a kind of point: a seaport has its rail yard, an airport its rail and road link. */
export const MODES_AT: Record<TransferPointKind, readonly JourneyMode[]> = {
  'rail-border-port': ['rail'],
  'rail-terminal': ['rail'],
  seaport: ['sea', 'rail'],
  airport: ['air', 'rail'],
};
