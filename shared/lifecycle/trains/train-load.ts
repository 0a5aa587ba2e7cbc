import { trainCapacity } from '../../domain/trains/train-load.ts';
import type { Train } from '../../domain/train.ts';
import { Conflict } from '../errors.ts';
import { repos } from '../ports.ts';
import { nowMs } from '../../clock.ts';

/** A booking this old whose consignment is not (or no longer) on the train was left by an interrupted filing or move. */
const STALE_BOOKING_MS = 60_000;

/**
 * Books a consignment's containers on a train before the consignment is filed on it or moved to
 * it, so concurrent filings can never overload a train (and the train's items, which list its
 * containers, stay within their size budget; docs/limits.md). Booking again is a no-op. A train
 * that seems full is checked for bookings that an interrupted filing or move left behind, which
 * are dropped.
 */
export async function bookOnTrain(train: Train, consignmentId: string, containers: number): Promise<void> {
  const capacity = trainCapacity(train);
  if (await repos().trains.book(train, consignmentId, containers, capacity)) return;
  const current = await repos().trains.get(train.id);
  const stale = await staleBookings(current, consignmentId);
  await Promise.all(stale.map((id) => repos().trains.unbook(train.id, id)));
  if (stale.length > 0 && (await repos().trains.book(current, consignmentId, containers, capacity))) return;
  throw new Conflict(`train ${train.id} cannot take ${containers} more container(s): ${current.booked ?? 0} of its ${capacity} are booked`);
}

/** Gives up a consignment's booking (it moved to another train); one already gone is fine. */
export function releaseFromTrain(trainId: string, consignmentId: string): Promise<void> {
  return repos().trains.unbook(trainId, consignmentId);
}

async function staleBookings(train: Train, consignmentId: string): Promise<string[]> {
  const cutoff = nowMs() - STALE_BOOKING_MS;
  const old = Object.entries(train.load ?? {}).filter(([id, booking]) => id !== consignmentId && Date.parse(booking.at) < cutoff);
  const stale: string[] = [];
  for (const [id] of old) {
    const consignment = await repos().consignments.find(id);
    if (consignment?.trainId !== train.id) stale.push(id);
  }
  return stale;
}
