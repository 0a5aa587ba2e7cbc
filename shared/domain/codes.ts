import { z } from 'zod';
import { bilingual } from './text.ts';

/**
 * The codes of issue 2. They are part of the public API (stored, sent over HTTP, used in JWT
 * claims), so values never change meaning; new values are appended.
 */

/** ISO 3166-2:CN province letters, two city bureaus (NB, XM) and HQ. */
export const BUREAU_CODES = [
  'NM', 'XJ',
  'GD', 'SC', 'CQ', 'HN', 'HA', 'JS',
  'ZJ', 'NB', 'XM', 'LN', 'HB', 'TJ',
  'HL', 'SN',
  'HQ',
] as const;
export type BureauCode = (typeof BUREAU_CODES)[number];
export const bureauCodeSchema = z.enum(BUREAU_CODES, {
  error: bilingual('未知的直属局代码', 'unknown bureau code'),
});

export const PORT_CODES = ['MANZHOULI', 'ERENHOT', 'ALASHANKOU', 'KHORGOS'] as const;
export type PortCode = (typeof PORT_CODES)[number];
export const portCodeSchema = z.enum(PORT_CODES, {
  error: bilingual('未知的口岸代码', 'unknown port code'),
});

export const DIRECTIONS = ['import', 'export'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const directionSchema = z.enum(DIRECTIONS, {
  error: bilingual('进出口方向须为 import 或 export', 'direction must be import or export'),
});

export const GOODS_CATEGORIES = [
  'general',
  'waste-raw-material',
  'hazardous-chemical',
  'dangerous-goods',
  'bulk',
  'high-risk-agricultural',
  'food',
  'animal-product',
  'plant-product',
  'special-item',
] as const;
export type GoodsCategory = (typeof GOODS_CATEGORIES)[number];
export const goodsCategorySchema = z.enum(GOODS_CATEGORIES, {
  error: bilingual('未知的货物类别', 'unknown goods category'),
});

export const TRADE_MODES = [
  'general-trade',
  'cross-border-ecommerce',
  'market-procurement',
  'postal',
  'global-maintenance',
  'going-out-own-use',
  'overseas-grown-agricultural',
] as const;
export type TradeMode = (typeof TRADE_MODES)[number];
export const tradeModeSchema = z.enum(TRADE_MODES, {
  error: bilingual('未知的贸易方式', 'unknown trade mode'),
});

export const TRANSPORT_MODES = ['rail', 'rail-air', 'sea-rail'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];
export const transportModeSchema = z.enum(TRANSPORT_MODES, {
  error: bilingual('未知的运输方式', 'unknown transport mode'),
});

/** Permits written off automatically (§7 of DOMAIN.md). */
export const PERMIT_KINDS = ['animal-plant-quarantine', 'special-item-health'] as const;
export type PermitKind = (typeof PERMIT_KINDS)[number];
export const permitKindSchema = z.enum(PERMIT_KINDS, {
  error: bilingual('未知的许可证种类', 'unknown permit kind'),
});

/** Enterprise credit grades, A best; C and D raise the inspection level. */
export const RISK_GRADES = ['A', 'B', 'C', 'D'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];
export const riskGradeSchema = z.enum(RISK_GRADES, {
  error: bilingual('企业风险等级须为 A、B、C 或 D', 'risk grade must be A, B, C or D'),
});
