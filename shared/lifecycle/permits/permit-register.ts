import type { CallerIdentity } from '../../auth/claims.ts';
import { createPermit, type Permit, type PermitCancellation, type PermitIssue } from '../../domain/permits/permit.ts';
import { mayCancelPermit, mayIssuePermit } from '../../domain/permits/permit-access.ts';
import { Conflict, NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';
import { visiblePermit } from './permit-view.ts';
import { nowIso } from '../../clock.ts';

/**
 * POST /permits: an officer registers a permit or approval its bureau issued (HQ, one HQ issued).
 * A number registered already is a 409 (`already-exists`); a keyed retry is answered as the first
 * request was, by the route's Idempotency-Key.
 */
export async function issuePermit(issue: PermitIssue, caller: CallerIdentity): Promise<Permit> {
  if (!mayIssuePermit(caller)) throw new NotAllowed('permits and approvals are issued by bureau officers and HQ');
  const permit = createPermit(issue, { at: nowIso(), bureau: caller.bureau, subject: caller.subject });
  return repos().permits.create(permit);
}

/**
 * POST /permits/{number}/cancel: the issuing bureau or HQ cancels a permit; no filing can cite it
 * any more. Consignments filed on it before keep their reservations, which are written off or
 * returned with them: they were verified when filed. Cancelling again with the same reason (a
 * retry) answers the same; with another reason it is a 409.
 */
export async function cancelPermit(permitNumber: string, cancellation: PermitCancellation, caller: CallerIdentity): Promise<Permit> {
  const permit = await visiblePermit(permitNumber, caller);
  if (!mayCancelPermit(caller, permit)) throw new NotAllowed(`only the issuing bureau (${permit.issuedBy}) or HQ may cancel permit ${permit.number}`);
  const { permit: after, changed } = await repos().permits.cancel(permit.number, {
    at: nowIso(),
    by: caller.bureau,
    subject: caller.subject,
    reason: cancellation.reason,
  });
  if (!changed && after.cancellation?.reason !== cancellation.reason) {
    throw new Conflict(`permit ${permit.number} was cancelled already, on ${after.cancellation?.at ?? 'an earlier request'}`);
  }
  return after;
}
