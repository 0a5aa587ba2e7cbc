import type { BureauCode } from './codes.ts';
import { chinesePartyOf, inlandBureauOf, type ConsignmentFiling } from './consignment.ts';

/**
 * Who may do what (408号: each bureau acts where it is responsible; HQ reads everything). The
 * caller is the identity from the token: a bureau officer, an enterprise's declarant, or HQ.
 */
export interface Caller {
  role: 'officer' | 'declarant' | 'hq';
  bureau: string;
  enterprise?: string | undefined;
}

type Involvement = Pick<ConsignmentFiling, 'direction' | 'consignor' | 'consignee' | 'destinationBureau' | 'originBureau'> & {
  responsibleBureaus: readonly BureauCode[];
};

/** Filing: the declarant for its own enterprise, or an officer of the inland bureau. */
export function mayFile(caller: Caller, filing: ConsignmentFiling): boolean {
  if (caller.role === 'declarant') return caller.enterprise !== undefined && chinesePartyOf(filing).creditCode === caller.enterprise;
  if (caller.role === 'officer') return caller.bureau === inlandBureauOf(filing);
  return false;
}

/** Reading a consignment and its history: HQ, the bureaus involved, and the declaring enterprise. */
export function mayView(caller: Caller, consignment: Involvement): boolean {
  if (caller.role === 'hq') return true;
  if (caller.role === 'officer') return (consignment.responsibleBureaus as readonly string[]).includes(caller.bureau);
  return caller.enterprise !== undefined && chinesePartyOf(consignment).creditCode === caller.enterprise;
}

/** Completing a task: only an officer of the bureau the task is for. */
export function mayComplete(caller: Caller, task: { bureau: string }): boolean {
  return caller.role === 'officer' && caller.bureau === task.bureau;
}

/**
 * What a caller's listing is narrowed to: a bureau lists its own consignments, a declarant its
 * enterprise's, HQ all. `undefined` when the caller asks for another bureau's.
 */
export function listingScope<B extends string>(caller: Caller & { bureau: B }, requestedBureau?: B): { bureau?: B; enterprise?: string } | undefined {
  if (caller.role === 'hq') return {};
  if (caller.role === 'declarant') return { enterprise: caller.enterprise ?? '' };
  return requestedBureau === undefined || requestedBureau === caller.bureau ? { bureau: caller.bureau } : undefined;
}
