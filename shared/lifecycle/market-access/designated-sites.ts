import type { CallerIdentity } from '../../auth/claims.ts';
import { DESIGNATED_SITES_REGISTER } from '../../data/market-access-repository.ts';
import { repos } from '../ports.ts';
import { keys } from '../../data/keys.ts';
import type { BureauCode } from '../../domain/codes.ts';
import {
  changeSite,
  policySitesOf,
  registerSite,
  SEED_SITES,
  withSeed,
  withdrawSite,
  type DesignatedSite,
  type PolicySite,
  type SiteCategory,
  type SiteChange,
  type SiteField,
  type SiteRegistration,
} from '../../domain/designated-sites/designated-site.ts';
import type { RegisterStatus, Withdrawal } from '../../domain/market-access/register-entry.ts';
import { actorOf } from '../../domain/train.ts';
import { Conflict } from '../errors.ts';
import { nowIso } from '../../clock.ts';
import { changeRegisterEntry, createRegisterEntry, entryDetail, refuseUnlessHq, shownTo, withdrawRegisterEntry, type RegisterOps } from './register-operations.ts';

/** HQ approves designated sites (指定监管场地); every caller reads the register. */
const REGISTER = 'designated sites';

const ops = (): RegisterOps<DesignatedSite, SiteField> => ({
  what: 'designated site',
  repository: repos().designatedSites,
  seed: (id) => SEED_SITES.find((site) => site.id === id),
});

/** The whole register, the shipped sites in place of those nobody wrote yet: one consistent Query. */
async function wholeRegister(): Promise<DesignatedSite[]> {
  return withSeed(await repos().designatedSites.partition(keys.registerEntry(DESIGNATED_SITES_REGISTER, '').pk, keys.registerEntryPrefix));
}

/** POST /designated-sites (409 when the id is taken, by a stored or a shipped site). */
export async function registerDesignatedSite(registration: SiteRegistration, caller: CallerIdentity): Promise<DesignatedSite> {
  refuseUnlessHq(caller, 'register', REGISTER);
  if (SEED_SITES.some((site) => site.id === registration.id)) throw new Conflict(`designated site ${registration.id} already exists; ids are never reused`);
  return createRegisterEntry(ops(), registerSite(registration, { at: nowIso(), by: actorOf(caller) }));
}

export function changeDesignatedSite(id: string, request: SiteChange, caller: CallerIdentity): Promise<DesignatedSite> {
  refuseUnlessHq(caller, 'change', REGISTER);
  return changeRegisterEntry(ops(), id, request, caller, changeSite);
}

export function withdrawDesignatedSite(id: string, request: Withdrawal, caller: CallerIdentity): Promise<DesignatedSite> {
  refuseUnlessHq(caller, 'withdraw', REGISTER);
  return withdrawRegisterEntry(ops(), id, request, caller, withdrawSite);
}

/** GET /designated-sites?bureau=&category=&status=: the register by id. */
export async function listDesignatedSites(query: { bureau?: BureauCode | undefined; category?: SiteCategory | undefined; status?: RegisterStatus | undefined }, caller: CallerIdentity) {
  const sites = (await wholeRegister()).filter(
    (site) =>
      (query.bureau === undefined || site.bureau === query.bureau) &&
      (query.category === undefined || site.categories.includes(query.category)) &&
      (query.status === undefined || site.status === query.status),
  );
  return { items: sites.map((site) => shownTo(site, caller.role === 'hq')) };
}

export function designatedSiteDetail(id: string, caller: CallerIdentity) {
  return entryDetail(ops(), id, caller.role === 'hq');
}

/** The sites in force, as the routing policy reads them at filing (one Query). */
export async function designatedSitesForPolicy(): Promise<PolicySite[]> {
  return policySitesOf(await wholeRegister());
}
