import type { BureauCode } from '#shared/domain/codes.ts';
import type { ConsignmentFilingInput } from '#shared/domain/consignment.ts';
import type { MarketRegistration, TraderRegistration } from '#shared/domain/market-procurement/market.ts';

/**
 * The market-procurement registers (408号 三（四）) a simulated or benchmarked day needs: a
 * market-procurement export is accepted only from a trader registered at a market of its
 * purchase-location bureau, with its goods on the trader's list. So every such bureau keeps one
 * market, and every exporter the plan draws for that trade mode is registered there with the
 * headings it ships, before anything is filed, as the bureaus would have done long before.
 */
export interface PlannedMarket {
  bureau: BureauCode;
  market: MarketRegistration;
  traders: Array<{ creditCode: string; registration: TraderRegistration }>;
}

type Filing = Pick<ConsignmentFilingInput, 'direction' | 'tradeMode' | 'originBureau' | 'consignor' | 'goods'>;

export function plannedMarkets(filings: Iterable<Filing>): PlannedMarket[] {
  const byBureau = new Map<BureauCode, Map<string, { name: string; headings: Map<string, string> }>>();
  for (const filing of filings) {
    const creditCode = filing.consignor?.creditCode;
    if (filing.tradeMode !== 'market-procurement' || filing.direction !== 'export' || !filing.originBureau || !creditCode) continue;
    const traders = byBureau.get(filing.originBureau) ?? new Map<string, { name: string; headings: Map<string, string> }>();
    byBureau.set(filing.originBureau, traders);
    const trader = traders.get(creditCode) ?? { name: filing.consignor?.name ?? creditCode, headings: new Map<string, string>() };
    traders.set(creditCode, trader);
    for (const line of filing.goods ?? []) trader.headings.set(line.hsCode.slice(0, 4), line.description);
  }
  return [...byBureau].map(([bureau, traders]) => ({
    bureau,
    market: { id: `${bureau}-MARKET`, name: { zh: `${bureau} 市场采购贸易市场`, en: `${bureau} market procurement market` }, city: bureau },
    traders: [...traders].map(([creditCode, trader]) => ({
      creditCode,
      registration: { name: trader.name, goods: [...trader.headings].map(([hsPrefix, description]) => ({ hsPrefix, description })) },
    })),
  }));
}
