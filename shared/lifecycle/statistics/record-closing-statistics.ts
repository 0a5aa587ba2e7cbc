import { ulid } from 'ulid';
import { now } from '../../clock.ts';
import { keyOfItemId, MAX_ITEMS_COUNTED_AT_ONCE, type AggregateKey, type Counters } from '../../data/statistics-repository.ts';
import { chinesePartyOf, isTerminalStatus, type Consignment } from '../../domain/consignment.ts';
import { contributionOf, heading } from '../../domain/statistics/contribution.ts';
import { periodsAt } from '../../domain/statistics/periods.ts';
import { mapWithConcurrency } from '../../review/concurrency.ts';
import { repos } from '../ports.ts';
import { itemKey, labelsOf } from './aggregate-items.ts';
import { closingFactsOf } from './closing-facts.ts';

/**
 * A count that has not finished by then belongs to a dead attempt (the close step's function
 * runs for 10 s at most), and another attempt may take it over.
 */
export const COUNT_LEASE_MS = 60_000;
/** Item writes of one count in flight at once (a count is about 40 items, 80 writes). */
const WRITES_IN_FLIGHT = 32;

export type CountOutcome = 'not-closed' | 'counted' | 'counted-before' | 'in-progress' | 'taken-over';

interface ItemWrite {
  key: AggregateKey;
  counters: Counters;
  labels: Record<string, string>;
}

/** The writes of one consignment's count: each part of its contribution in its close's day and month. */
async function writesOf(consignment: Consignment): Promise<ItemWrite[]> {
  const { facts, closedAt } = await closingFactsOf(consignment);
  const periods = periodsAt(closedAt);
  return contributionOf(consignment, facts).flatMap((part) =>
    periods.map((period) => ({ key: itemKey(part, period), counters: part.counters, labels: labelsOf(part, period) })),
  );
}

/**
 * The statistics of a closed consignment (408号 三（二）), added once to the day and month items of
 * every dimension value it counts in (`docs/data-model.md`, "Statistics"): in one transaction
 * when nothing was begun and the items fit in one, else item by item under a lease. Call it on every
 * attempt of the close step, also one that finds the consignment closed already: that is how a
 * count a crash interrupted gets finished, and a finished one is not repeated. `now` is the clock
 * the lease is judged by (the outbox relay's).
 */
export async function recordClosingStatistics(consignment: Consignment, options: { now?: Date } = {}): Promise<CountOutcome> {
  if (!isTerminalStatus(consignment.status)) return 'not-closed';
  const statistics = repos().statistics;
  // Read together: the facts are needed on every first attempt, which is nearly every call.
  const [found, writes] = await Promise.all([statistics.findCount(consignment.id), writesOf(consignment)]);
  let marker = found;
  const enterprise = chinesePartyOf(consignment).creditCode;
  const recordHeadings = () =>
    enterprise !== undefined ? statistics.recordHeadings(enterprise, [...new Set(consignment.goods.map((line) => heading(line.hsCode)))]) : undefined;
  const at = options.now ?? now();
  // The items are unique: a contribution has one part per scope, dimension and value.
  if (marker === undefined && writes.length <= MAX_ITEMS_COUNTED_AT_ONCE) {
    const [outcome] = await Promise.all([statistics.countAtOnce(consignment.id, writes, at.toISOString()), recordHeadings()]);
    if (outcome === 'counted') return 'counted';
    // Another attempt wrote the marker first: judge it as if it had been there.
    marker = await statistics.findCount(consignment.id);
  }
  if (marker?.state === 'counted') {
    // Counted, but the marks may still be on the items (the attempt died before removing them).
    if (marker.items !== undefined) await removeMarks(consignment.id, marker.items.map(keyOfItemId));
    return 'counted-before';
  }
  if (marker?.leaseUntil !== undefined && marker.leaseUntil >= at.toISOString()) return 'in-progress';

  const attempt = ulid();
  const claimed = await statistics.claimCount(consignment.id, {
    attempt,
    now: at.toISOString(),
    leaseUntil: new Date(at.getTime() + COUNT_LEASE_MS).toISOString(),
    items: writes.map((w) => w.key),
  });
  if (!claimed) return 'in-progress';
  await Promise.all([
    // An item that already bears the mark was counted by the attempt this one took over from.
    mapWithConcurrency(writes, WRITES_IN_FLIGHT, (w) => statistics.addOnce(w.key, w.counters, consignment.id, w.labels)),
    recordHeadings(),
  ]);
  if (!(await statistics.finishCount(consignment.id, attempt, (options.now ?? now()).toISOString()))) return 'taken-over';
  await removeMarks(consignment.id, writes.map((w) => w.key));
  return 'counted';
}

async function removeMarks(consignmentId: string, items: readonly AggregateKey[]): Promise<void> {
  const statistics = repos().statistics;
  await mapWithConcurrency(items, WRITES_IN_FLIGHT, (key) => statistics.removeMark(key, consignmentId));
  await statistics.forgetItems(consignmentId);
}

/**
 * Counts a crash left unfinished: their lease ran out before `before` and no retry of the close
 * came (the outbox relay calls this with its clock). Each is finished as a retried close would.
 */
export async function finishStaleCounts(before: Date): Promise<number> {
  let finished = 0;
  let nextToken: string | undefined;
  do {
    const page = await repos().statistics.listStaleCounts(before.toISOString(), { limit: 100, ...(nextToken !== undefined && { nextToken }) });
    for (const marker of page.items) {
      const consignment = await repos().consignments.find(marker.consignmentId);
      if (consignment && (await recordClosingStatistics(consignment, { now: before })) === 'counted') finished++;
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return finished;
}
