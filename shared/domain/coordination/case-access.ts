import type { Caller } from '../access.ts';
import { caseParties, stageOf, type CaseStage, type CoordinationCase } from './case.ts';

/**
 * Who may do what with a coordination case (408号 四（二）、（三）): bureaus raise problems with
 * each other; the lead bureau of the group and HQ convene and decide "when needed", that is once
 * the case has escalated to them. Enterprises have no part in cases.
 */
type CaseParties = Pick<CoordinationCase, 'openedBy' | 'addressedBureau' | 'leadBureau'>;

/** Opening a case: an officer, for the bureau. HQ is where cases end, not where they start. */
export const mayOpenCase = (caller: Caller): boolean => caller.role === 'officer';

/** Reading a case, and posting on its thread: HQ, and the officers of the opener, the addressed bureau and the lead bureau. */
export function mayViewCase(caller: Caller, c: CaseParties): boolean {
  if (caller.role === 'hq') return true;
  return caller.role === 'officer' && (caseParties(c) as readonly string[]).includes(caller.bureau);
}

/** Withdrawing: the bureau that opened it. */
export const mayWithdrawCase = (caller: Caller, c: Pick<CoordinationCase, 'openedBy'>): boolean =>
  caller.role === 'officer' && caller.bureau === c.openedBy.bureau;

/**
 * In what capacity the caller may resolve the case now, or why not: the addressed bureau answers
 * at any time; the lead bureau and HQ decide once the case has left the addressed bureau, that is
 * from the second deadline passed (the first only reminds the addressed bureau). HQ outranks the
 * lead bureau, so it need not wait for the third.
 */
export function resolvingCapacity(caller: Caller, c: CaseParties & Pick<CoordinationCase, 'escalation'>): { as: CaseStage } | { refused: string } {
  const reached = stageOf(c.escalation) !== 'addressed';
  if (caller.role === 'officer' && caller.bureau === c.addressedBureau) return { as: 'addressed' };
  if (caller.role === 'officer' && caller.bureau === c.leadBureau) {
    return reached ? { as: 'lead' } : { refused: `the lead bureau ${c.leadBureau} decides once the case has escalated to it; until then ${c.addressedBureau} answers` };
  }
  if (caller.role === 'hq') return reached ? { as: 'hq' } : { refused: `HQ decides once the case has escalated beyond ${c.addressedBureau}` };
  return { refused: `only ${c.addressedBureau}, or once escalated the lead bureau ${c.leadBureau} or HQ, resolves this case` };
}

/**
 * Whose cases a listing reads: HQ all, or a bureau's when it names one; an officer those of its
 * own bureau (opened, addressed to it, or in the group it leads); `undefined` when an officer asks
 * for another bureau's.
 */
export function caseListingScope<B extends string>(caller: Caller & { bureau: B }, asked?: B): { bureau?: B } | undefined {
  if (caller.role === 'hq') return asked === undefined ? {} : { bureau: asked };
  if (caller.role !== 'officer') return undefined;
  return asked === undefined || asked === caller.bureau ? { bureau: caller.bureau } : undefined;
}
