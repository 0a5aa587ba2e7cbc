import type { ConsignmentFiling } from '../../domain/consignment.ts';
import type { Permit } from '../../domain/permits/permit.ts';
import { findingMessage, verifyPermitCitations, type PermitDraw, type PermitFinding } from '../../domain/permits/permit-verification.ts';
import { ConflictError, InsufficientPermitBalanceError, NotFoundError, PermitExpiredError } from '../../data/errors.ts';
import { currentLogger } from '../../observability/logger.ts';
import { Conflict, InvalidInput, type InputIssue } from '../errors.ts';
import { repos } from '../ports.ts';

/**
 * A reservation older than this whose consignment does not exist was left by a filing that died
 * between reserving and storing the consignment (the filing handler runs for seconds, not minutes).
 */
export const STALE_RESERVATION_MS = 5 * 60_000;

/** What a filing holds on the permits it cites until its consignment is stored. */
export interface PermitHold {
  draws: PermitDraw[];
  /** Takes back what this request reserved (not what a previous attempt of a keyed filing did), leaving no trace. */
  release(): Promise<void>;
}

const NOTHING_HELD: PermitHold = { draws: [], release: async () => {} };

/**
 * Filing, step one: verify every cited permit against the register and the goods that need one
 * (400 naming each field and rule; 409 when only a balance is short), then reserve each draw for
 * the consignment with one conditional write per permit. If one reservation is refused, those
 * made before it are taken back exactly (`unreserve`), so the refused filing leaves every permit
 * as it found it. The consignment id of a keyed filing is derived from its key, so a retry finds
 * its own reservations and takes nothing twice. The one write a refusal may still cause is the
 * return of reservations a crashed filing abandoned, when they are what stands in the way.
 */
export async function reservePermits(filing: ConsignmentFiling, consignmentId: string, at: string): Promise<PermitHold> {
  const numbers = [...new Set((filing.permits ?? []).map((p) => p.number))];
  const verify = async () => verifyPermitCitations({ filing, register: await readRegister(numbers), at, consignmentId });
  let verification = await verify();
  // Short only of balance: reservations of filings that died before storing may be in the way.
  if (verification.findings.length > 0 && verification.findings.every((f) => f.conflict)) {
    const short = [...new Set(verification.findings.flatMap((f) => f.reason.refs ?? []))];
    const released = await Promise.all(short.map((n) => releaseAbandoned(n, consignmentId, at)));
    if (released.some(Boolean)) verification = await verify();
  }
  refuseOnFindings(verification.findings);
  if (verification.draws.length === 0) return NOTHING_HELD;

  const madeNow: MadeReservation[] = [];
  const release = () => takeBack(madeNow, consignmentId);
  try {
    for (const draw of verification.draws) {
      const { replayed, permit } = await reserveDraw(draw, consignmentId, at);
      const made = permit.uses[consignmentId];
      if (!replayed && made) madeNow.push({ number: draw.number, quantity: made.quantity, reservedAt: made.reservedAt });
    }
  } catch (error) {
    await release();
    throw await explainRefusal(error, filing, consignmentId, at);
  }
  return { draws: verification.draws, release };
}

async function readRegister(numbers: readonly string[]): Promise<Map<string, Permit>> {
  const permits = await Promise.all(numbers.map((n) => repos().permits.find(n)));
  return new Map(permits.flatMap((p) => (p ? [[p.number, p] as const] : [])));
}

/**
 * A reservation refused for the balance may be blocked by reservations of filings that died
 * before storing their consignment: those are given back and the reservation tried once more.
 */
async function reserveDraw(draw: PermitDraw, consignmentId: string, at: string) {
  try {
    return await repos().permits.reserve(draw.number, consignmentId, draw.quantity, at);
  } catch (error) {
    if (!(error instanceof InsufficientPermitBalanceError) || !(await releaseAbandoned(draw.number, consignmentId, at))) throw error;
    return repos().permits.reserve(draw.number, consignmentId, draw.quantity, at);
  }
}

/**
 * Gives back the permit's reservations older than `STALE_RESERVATION_MS` whose consignment was
 * never stored; true when it gave any back. Each is settled only if it was not refreshed since it
 * was read (a keyed retry of that filing refreshes it), so a filing that is storing its
 * consignment right now keeps its reservation.
 */
export async function releaseAbandoned(permitNumber: string, except: string, at: string): Promise<boolean> {
  const permit = await repos().permits.get(permitNumber);
  const cutoff = Date.parse(at) - STALE_RESERVATION_MS;
  const old = Object.values(permit.uses).filter((u) => u.state === 'reserved' && u.consignmentId !== except && Date.parse(u.reservedAt) < cutoff);
  let released = false;
  for (const use of old) {
    if (await repos().consignments.find(use.consignmentId)) continue;
    const result = await repos().permits.settle(permitNumber, use.consignmentId, { state: 'returned', reason: 'abandoned' }, at, use.reservedAt);
    if (result.changed) {
      released = true;
      currentLogger().warn('returned a permit reservation whose filing was never stored', { permitNumber, consignmentId: use.consignmentId, quantity: use.quantity, reservedAt: use.reservedAt });
    }
  }
  return released;
}

interface MadeReservation {
  number: string;
  quantity: number;
  reservedAt: string;
}

/** Undoes this request's reservations exactly: a refused filing leaves its permits as they were. */
async function takeBack(made: readonly MadeReservation[], consignmentId: string): Promise<void> {
  await Promise.all(made.map((m) => repos().permits.unreserve(m.number, consignmentId, m)));
}

/** 400 naming every field when the filing is at fault; 409 when only balances are short. */
function refuseOnFindings(findings: readonly PermitFinding[]): void {
  if (findings.length === 0) return;
  const issues = findings.map(asIssue);
  if (findings.every((f) => f.conflict)) {
    throw new Conflict(`too little left on ${findings.flatMap((f) => f.reason.refs ?? []).join(', ')}`, 'permit-balance-insufficient', issues);
  }
  throw new InvalidInput(issues);
}

function asIssue(finding: PermitFinding): InputIssue {
  return { path: finding.path.join('.'), message: findingMessage(finding), code: finding.reason.code, rule: finding.reason.rule };
}

/**
 * A reservation the verification let through was refused by the permit item itself: another
 * filing took the balance, or the permit was cancelled or changed meanwhile. Verified again from
 * the permits as they are now, the refusal names its field like any other; a race that left
 * nothing to name is a plain 409 (the client may retry).
 */
async function explainRefusal(error: unknown, filing: ConsignmentFiling, consignmentId: string, at: string): Promise<unknown> {
  if (!(error instanceof InsufficientPermitBalanceError || error instanceof PermitExpiredError || error instanceof ConflictError || error instanceof NotFoundError)) return error;
  const numbers = [...new Set((filing.permits ?? []).map((p) => p.number))];
  // Our own reservations were given back already, so the balance read now is what others left.
  const { findings } = verifyPermitCitations({ filing, register: await readRegister(numbers), at, consignmentId });
  try {
    refuseOnFindings(findings);
  } catch (refusal) {
    return refusal;
  }
  return new Conflict(`a cited permit changed while it was being reserved; retry: ${(error as Error).message}`);
}
