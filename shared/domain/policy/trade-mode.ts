import type { TradeMode } from '../codes.ts';
import type { SupervisionMode } from '../inspection-plan.ts';
import type { ReasonCode } from '../reason-codes.ts';

export interface TradeModeEffect {
  supervisionMode: SupervisionMode;
  /** Steps added to the inland inspection level (negative lowers it). */
  levelStep: number;
  reason: ReasonCode | null;
}

/** How each trade mode changes supervision (§5 new forms of trade, §6 going out). */
export const TRADE_MODE_EFFECTS: Record<TradeMode, TradeModeEffect> = {
  'general-trade': { supervisionMode: 'standard', levelStep: 0, reason: null },
  'cross-border-ecommerce': { supervisionMode: 'list-based', levelStep: 0, reason: 'TRADE_MODE_CROSS_BORDER_ECOMMERCE' },
  postal: { supervisionMode: 'list-based', levelStep: 0, reason: 'TRADE_MODE_POSTAL' },
  'market-procurement': {
    supervisionMode: 'market-procurement',
    levelStep: 0,
    reason: 'TRADE_MODE_MARKET_PROCUREMENT',
  },
  'global-maintenance': { supervisionMode: 'bonded-repair', levelStep: 0, reason: 'TRADE_MODE_GLOBAL_MAINTENANCE' },
  'going-out-own-use': {
    supervisionMode: 'going-out-facilitation',
    levelStep: -1,
    reason: 'TRADE_MODE_GOING_OUT_OWN_USE',
  },
  'overseas-grown-agricultural': {
    supervisionMode: 'overseas-agricultural-facilitation',
    levelStep: -1,
    reason: 'TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL',
  },
};
