import type { Direction } from '../codes.ts';
import type { InspectionLevel, SupervisionMode } from '../inspection-plan.ts';
import { transferPoint, type TransferPointCode } from '../multimodal/transfer-points.ts';
import type { JourneyPlan } from '../multimodal/journey.ts';
import { samplingRuleText } from '../parcels/parcel-sampling.ts';
import { registeredTraderRef, type MarketTrader } from '../market-procurement/market.ts';
import { reExportDeadline } from '../maintenance/maintenance-pair.ts';
import type { LocalisedText } from '../text.ts';
import type { TradeFormReasonCode } from './trade-form-reasons.ts';

/** What the routing policy (`policy/plan-inspection.ts`) says about the new trade forms and journeys, reason by reason. */
export interface TradeFormReason {
  code: TradeFormReasonCode;
  refs?: readonly string[];
  detail?: LocalisedText;
}

const named = (code: TransferPointCode, bureau: string) => `${transferPoint(code).name.zh} / ${transferPoint(code).name.en} (${bureau})`;

/** §10: each bureau's role along a journey's legs, in the order the goods meet them. */
export function journeyReasons(journey: JourneyPlan | undefined, direction: Direction): TradeFormReason[] {
  if (journey === undefined) return [];
  const border = { code: direction === 'import' ? 'MULTIMODAL_PORT_OF_ENTRY' : 'MULTIMODAL_PORT_OF_EXIT', refs: [named(journey.border.point, journey.border.bureau)] } as const;
  const handOver = {
    code: 'MULTIMODAL_HAND_OVER',
    refs: [named(journey.handOver.point, journey.handOver.bureau)],
    detail: { zh: `${journey.handOver.fromMode} 转 ${journey.handOver.toMode}`, en: `${journey.handOver.fromMode} to ${journey.handOver.toMode}` },
  } as const;
  const inland = { code: 'MULTIMODAL_INLAND_AS_RAIL' } as const;
  return direction === 'import' ? [border, handOver, inland] : [inland, handOver, border];
}

/** §5: list-based supervision samples the parcel manifest at the inland inspection level. */
export function listBasedSamplingReason(mode: SupervisionMode, level: InspectionLevel): TradeFormReason | undefined {
  return mode === 'list-based' ? { code: 'LIST_BASED_SAMPLING', detail: samplingRuleText(level) } : undefined;
}

/** §5: a market-procurement export names the market and the registered trader the purchase-location bureau inspects it under. */
export function marketProcurementReason(
  consignment: { direction: string; tradeMode: string; originBureau?: string | undefined },
  traders: readonly MarketTrader[] | undefined,
): TradeFormReason | undefined {
  if (consignment.tradeMode !== 'market-procurement' || consignment.direction !== 'export') return undefined;
  const trader = (traders ?? []).find((t) => t.bureau === consignment.originBureau);
  return trader === undefined ? undefined : { code: 'MARKET_PROCUREMENT_REGISTERED_TRADER', refs: [registeredTraderRef(trader)] };
}

/** §5: a global-maintenance import says by when the goods leave again (declared, or the default); the re-export names its import. */
export function maintenanceReason(
  consignment: { direction: string; tradeMode: string; maintenance?: { reExportBy?: string | undefined; importId?: string | undefined } | undefined },
  filedAt: string,
): TradeFormReason | undefined {
  if (consignment.tradeMode !== 'global-maintenance') return undefined;
  if (consignment.direction === 'import') return { code: 'GLOBAL_MAINTENANCE_RE_EXPORT_DUE', refs: [reExportDeadline(consignment.maintenance, filedAt)] };
  const importId = consignment.maintenance?.importId;
  return importId === undefined ? undefined : { code: 'GLOBAL_MAINTENANCE_RE_EXPORT_OF', refs: [importId] };
}
