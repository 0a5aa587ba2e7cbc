import type { CallerIdentity } from '../../auth/claims.ts';
import { MARKET_ACCESS_REGISTER } from '../../data/market-access-repository.ts';
import { repos } from '../ports.ts';
import { keys } from '../../data/keys.ts';
import {
  accessViewOf,
  changeAccess,
  registerAccess,
  withdrawAccess,
  type AccessChange,
  type AccessField,
  type AccessRegistration,
  type MarketAccessEntry,
  type MarketAccessView,
} from '../../domain/market-access/market-access.ts';
import type { RegisterStatus, Withdrawal } from '../../domain/market-access/register-entry.ts';
import { actorOf } from '../../domain/train.ts';
import { nowIso } from '../../clock.ts';
import { changeRegisterEntry, createRegisterEntry, entryDetail, refuseUnlessHq, shownTo, withdrawRegisterEntry, type RegisterOps } from './register-operations.ts';

/** HQ keeps the register (准入核准 is HQ's, 408号 三（三）); bureaus and enterprises read it. */
const REGISTER = 'market access';

const ops = (): RegisterOps<MarketAccessEntry, AccessField> => ({ what: 'market-access entry', repository: repos().marketAccess });

/** The whole register, consistent: one Query of its partition (hundreds of entries, not millions). */
async function wholeRegister(): Promise<MarketAccessEntry[]> {
  return repos().marketAccess.partition(keys.registerEntry(MARKET_ACCESS_REGISTER, '').pk, keys.registerEntryPrefix);
}

/** POST /market-access (409 when the id is taken: ids are never reused). */
export async function registerMarketAccess(registration: AccessRegistration, caller: CallerIdentity): Promise<MarketAccessEntry> {
  refuseUnlessHq(caller, 'register', REGISTER);
  return createRegisterEntry(ops(), registerAccess(registration, { at: nowIso(), by: actorOf(caller) }));
}

/** PATCH /market-access/{id}: product, scope, conditions or validity, from the version read. */
export function changeMarketAccess(id: string, request: AccessChange, caller: CallerIdentity): Promise<MarketAccessEntry> {
  refuseUnlessHq(caller, 'change', REGISTER);
  return changeRegisterEntry(ops(), id, request, caller, changeAccess);
}

/** POST /market-access/{id}/withdraw: imports under it are refused from now on. */
export function withdrawMarketAccess(id: string, request: Withdrawal, caller: CallerIdentity): Promise<MarketAccessEntry> {
  refuseUnlessHq(caller, 'withdraw', REGISTER);
  return withdrawRegisterEntry(ops(), id, request, caller, withdrawAccess);
}

/** GET /market-access?country=&hsCode=&status=: the register by id, narrowed. */
export async function listMarketAccess(query: { country?: string | undefined; status?: RegisterStatus | undefined; hsCode?: string | undefined }, caller: CallerIdentity) {
  const entries = (await wholeRegister()).filter(
    (entry) =>
      (query.country === undefined || entry.country === query.country) &&
      (query.status === undefined || entry.status === query.status) &&
      (query.hsCode === undefined || entry.scope.hsPrefixes.some((prefix) => query.hsCode!.startsWith(prefix) || prefix.startsWith(query.hsCode!))),
  );
  return { items: entries.map((entry) => shownTo(entry, caller.role === 'hq')) };
}

/** GET /market-access/{id}: the entry; for HQ with its audit history. */
export function marketAccessDetail(id: string, caller: CallerIdentity) {
  return entryDetail(ops(), id, caller.role === 'hq');
}

/**
 * What a filing reads of the register: all of it, once, for imports (an export needs no access).
 * Withdrawn and expired entries come too: they keep their products under access and say why a
 * line is refused.
 */
export async function marketAccessForFiling(filing: { direction: string }): Promise<MarketAccessView[]> {
  if (filing.direction !== 'import') return [];
  return (await wholeRegister()).map(accessViewOf);
}
