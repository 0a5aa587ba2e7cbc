import type { Caller } from '../access.ts';
import { chinesePartyOf, type Consignment } from '../consignment.ts';
import type { OriginCertificateApplication } from './origin-application.ts';

/**
 * Who may do what with certificate-of-origin applications: the exporter applies through its own
 * declarants; the origin bureau that reviews and issues reads them, as HQ reads everything.
 */

/** Applying: a declarant of the consignment's Chinese party (the consignor of an export). */
export function mayApplyForOrigin(caller: Caller, consignment: Pick<Consignment, 'direction' | 'consignor' | 'consignee'>): boolean {
  return caller.role === 'declarant' && caller.enterprise !== undefined && chinesePartyOf(consignment).creditCode === caller.enterprise;
}

/** Reading an application: its enterprise's declarants, the officers of its origin bureau, HQ. */
export function mayViewApplication(caller: Caller, application: Pick<OriginCertificateApplication, 'applicant' | 'originBureau'>): boolean {
  if (caller.role === 'hq') return true;
  if (caller.role === 'officer') return caller.bureau === application.originBureau;
  return caller.enterprise !== undefined && caller.enterprise === application.applicant.enterprise;
}
