import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { permitStanding, type Permit, type PermitUse } from '../../domain/permits/permit.ts';
import { mayViewPermit, permitListingScope } from '../../domain/permits/permit-access.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import { NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/**
 * A permit as the online query (网上查询) shows it: what it allows, its standing now (`status`:
 * active, cancelled, not-yet-valid, expired, exhausted), the quantities (granted = remaining +
 * reserved + written off) and, in the detail, every consignment's use in the order they were
 * filed: reserved, written off at release, or returned. The officer's token subject stays inside.
 */
export function permitSummary(permit: Permit, at: string = nowIso()) {
  const { uses: _uses, useCount, version: _version, issuedBySubject: _subject, status: _stored, ...visible } = permit;
  return { ...visible, status: permitStanding(permit, at), consignments: useCount };
}

export function permitDetail(permit: Permit, at: string = nowIso()) {
  const history: PermitUse[] = Object.values(permit.uses).sort((a, b) => a.reservedAt.localeCompare(b.reservedAt) || a.consignmentId.localeCompare(b.consignmentId));
  return { ...permitSummary(permit, at), history };
}

/**
 * A permit the caller may read. For anyone else it does not exist (404, not 403): a declarant
 * learns nothing of another enterprise's permits, not even that the number is taken.
 */
export async function visiblePermit(permitNumber: string, caller: CallerIdentity): Promise<Permit> {
  const permit = await repos().permits.find(permitNumber);
  if (!permit || !mayViewPermit(caller, permit)) throw new NotFound(`permit ${permitNumber} does not exist`);
  return permit;
}

/** GET /permits/{number}. */
export async function readPermit(permitNumber: string, caller: CallerIdentity) {
  return permitDetail(await visiblePermit(permitNumber, caller));
}

/** GET /permits?holder=&bureau=: scoped to the caller (a declarant its enterprise's), paged. */
export async function listPermits(
  query: { holder?: string | undefined; bureau?: BureauCode | undefined } & PageRequest,
  caller: CallerIdentity,
): Promise<Page<ReturnType<typeof permitSummary>>> {
  const scope = permitListingScope(caller, query);
  if (!scope) {
    throw new NotAllowed(caller.role === 'declarant' ? 'a declarant lists only its own enterprise’s permits' : `bureau ${caller.bureau} lists the permits it issued, or one holder’s`);
  }
  const page = await repos().permits.list(scope, { limit: query.limit, nextToken: query.nextToken });
  const at = nowIso();
  return { items: page.items.map((p) => permitSummary(p, at)), ...(page.nextToken && { nextToken: page.nextToken }) };
}
