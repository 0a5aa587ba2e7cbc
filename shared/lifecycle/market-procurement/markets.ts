import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import type { Market, MarketRegistration, MarketTrader, TraderRegistration } from '../../domain/market-procurement/market.ts';
import { repos } from '../ports.ts';
import { AlreadyExistsError } from '../../data/errors.ts';
import { nowIso } from '../../clock.ts';
import { Conflict, NotAllowed, NotFound } from '../errors.ts';

/**
 * The market-procurement register (408号 三（四）): the purchase-location bureau registers its
 * markets, their traders and each trader's goods list; HQ and every officer read it (a port
 * bureau may want to know a market); a filing reads the consignor's registrations
 * (`traderRegistrationsFor`).
 */
const register = () => repos().markets;

export async function registerMarket(body: MarketRegistration, caller: CallerIdentity): Promise<{ created: boolean; market: Market }> {
  if (caller.role !== 'officer') throw new NotAllowed('a market is registered by an officer of the purchase-location bureau that keeps it');
  const market: Market = { ...body, bureau: caller.bureau as BureauCode, createdAt: nowIso() };
  try {
    await register().registerMarket(market);
    return { created: true, market };
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const existing = await register().market(body.id);
    // The same registration again (a retry without a key) is the one registered.
    if (existing && existing.bureau === market.bureau && JSON.stringify({ ...existing, createdAt: '' }) === JSON.stringify({ ...market, createdAt: '' })) return { created: false, market: existing };
    throw new Conflict(`market ${body.id} is registered already`);
  }
}

async function marketKeptBy(id: string, caller: CallerIdentity): Promise<Market> {
  const market = await register().market(id);
  if (!market) throw new NotFound(`market ${id} is not registered`);
  if (caller.role !== 'officer' || caller.bureau !== market.bureau) throw new NotAllowed(`market ${id} is kept by bureau ${market.bureau}`);
  return market;
}

/** Registers a trader at a market, or replaces its registration (with its goods list) whole. */
export async function registerTrader(marketId: string, creditCode: string, body: TraderRegistration, caller: CallerIdentity): Promise<{ created: boolean; trader: MarketTrader }> {
  const market = await marketKeptBy(marketId, caller);
  const at = nowIso();
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await register().trader(market.id, creditCode);
    const trader: MarketTrader = {
      ...body,
      marketId: market.id,
      creditCode,
      bureau: market.bureau,
      registeredAt: current?.registeredAt ?? at,
      updatedAt: at,
      version: (current?.version ?? 0) + 1,
    };
    if (current && JSON.stringify({ name: current.name, goods: current.goods }) === JSON.stringify({ name: body.name, goods: body.goods })) return { created: false, trader: current };
    if (await register().putTrader(trader, current?.version ?? 0)) return { created: current === undefined, trader };
  }
  throw new Conflict(`the registration of trader ${creditCode} at ${marketId} is being changed by someone else; read it and try again`);
}

export async function readMarket(id: string, caller: CallerIdentity): Promise<Market & { traders: MarketTrader[] }> {
  if (caller.role === 'declarant') throw new NotAllowed('the market register is read by bureaus and HQ');
  // The market and its traders share a partition: two independent reads, in parallel.
  const [market, traders] = await Promise.all([register().market(id), register().traders(id)]);
  if (!market) throw new NotFound(`market ${id} is not registered`);
  return { ...market, traders };
}

/** The consignor's registrations at any market, for a market-procurement export (one Query); none for other filings. */
export async function traderRegistrationsFor(filing: { direction: string; tradeMode: string; consignor: { creditCode?: string | undefined } }): Promise<MarketTrader[]> {
  if (filing.tradeMode !== 'market-procurement' || filing.direction !== 'export' || filing.consignor.creditCode === undefined) return [];
  return register().registrationsOf(filing.consignor.creditCode);
}
