import type { Caller } from '../access.ts';
import type { BureauCode } from '../codes.ts';
import type { Permit } from './permit.ts';

/**
 * Who may do what with the register of permits and approvals (408号 三（六）):
 *
 * - Issuing: an officer, for the bureau it works for (a permit says which bureau issued it), or
 *   HQ, which issues most quarantine approvals itself. Declarants apply outside this system.
 * - Cancelling: the issuing bureau or HQ.
 * - Reading (网上查询): the holder enterprise's declarants, every bureau (the port and the
 *   destination bureau of any consignment may need to check a permit, so the register is shared as
 *   the consignments are), and HQ. Anyone else is told the permit does not exist.
 */
type PermitParties = Pick<Permit, 'holder' | 'issuedBy'>;

export function mayIssuePermit(caller: Caller): boolean {
  return caller.role === 'officer' || caller.role === 'hq';
}

export function mayCancelPermit(caller: Caller, permit: PermitParties): boolean {
  return caller.role === 'hq' || (caller.role === 'officer' && caller.bureau === permit.issuedBy);
}

export function mayViewPermit(caller: Caller, permit: PermitParties): boolean {
  if (caller.role === 'declarant') return caller.enterprise !== undefined && caller.enterprise === permit.holder.creditCode;
  return true;
}

/** Which permits a listing covers: one holder's, one issuing bureau's, or all. */
export type PermitListing = { holder: string; issuedBy?: BureauCode } | { issuedBy: BureauCode } | Record<string, never>;

/**
 * What GET /permits lists for the caller: a declarant its enterprise's; an officer those its
 * bureau issued, or one holder's; HQ any of these, or all. `undefined` when the caller asks for
 * what it may not list (another enterprise's permits, another bureau's issues).
 */
export function permitListingScope(caller: Caller & { bureau: BureauCode }, query: { holder?: string | undefined; bureau?: BureauCode | undefined }): PermitListing | undefined {
  if (caller.role === 'declarant') {
    if (caller.enterprise === undefined || (query.holder !== undefined && query.holder !== caller.enterprise)) return undefined;
    return { holder: caller.enterprise, ...(query.bureau !== undefined && { issuedBy: query.bureau }) };
  }
  if (caller.role === 'officer' && query.bureau !== undefined && query.bureau !== caller.bureau) return undefined;
  if (query.holder !== undefined) return { holder: query.holder, ...(query.bureau !== undefined && { issuedBy: query.bureau }) };
  if (caller.role === 'officer') return { issuedBy: caller.bureau };
  return query.bureau !== undefined ? { issuedBy: query.bureau } : {};
}
