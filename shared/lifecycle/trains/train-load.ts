import { bookedByOthers, trainCapacity } from '../../domain/trains/train-load.ts';
import type { Train } from '../../domain/train.ts';
import { Conflict } from '../errors.ts';
import { repos } from '../ports.ts';
import { updateTrain } from './train-updates.ts';

/** A booking this old whose consignment is not (or no longer) on the train was left by an interrupted filing or move. */
const STALE_BOOKING_MS = 60_000;

/**
 * Books a consignment's containers on a train before the consignment is filed on it or moved to
 * it, under the train's version guard, so concurrent filings can never overload a train (and the
 * train's items, which list its containers, stay within their size budget; docs/limits.md).
 * Booking again is a no-op. A train that seems full is checked for bookings that an interrupted
 * filing or move left behind, which are dropped.
 */
export async function bookOnTrain(trainId: string, consignmentId: string, containers: number): Promise<void> {
  const attempt = (stale: ReadonlySet<string>) =>
    updateTrain(trainId, (current) => {
      const load = Object.fromEntries(Object.entries(current.load ?? {}).filter(([id]) => !stale.has(id)));
      if (load[consignmentId]?.containers === containers && stale.size === 0) return undefined;
      if (bookedByOthers(load, consignmentId) + containers > trainCapacity(current)) throw new TrainFull(current, containers);
      return { set: { load: { ...load, [consignmentId]: { containers, at: new Date().toISOString() } } } };
    });
  try {
    await attempt(new Set());
  } catch (error) {
    if (!(error instanceof TrainFull)) throw error;
    const stale = await staleBookings(error.train, consignmentId);
    if (stale.size === 0) throw error;
    await attempt(stale);
  }
}

/** Gives up a consignment's booking (it moved to another train); one already gone is fine. */
export async function releaseFromTrain(trainId: string, consignmentId: string): Promise<void> {
  await updateTrain(trainId, (current) => {
    if (current.load?.[consignmentId] === undefined) return undefined;
    const { [consignmentId]: _released, ...rest } = current.load;
    return { set: { load: rest } };
  });
}

class TrainFull extends Conflict {
  constructor(
    readonly train: Train,
    containers: number,
  ) {
    super(`train ${train.id} cannot take ${containers} more container(s): ${bookedByOthers(train.load, '')} of its ${trainCapacity(train)} are booked`);
  }
}

async function staleBookings(train: Train, consignmentId: string): Promise<Set<string>> {
  const cutoff = Date.now() - STALE_BOOKING_MS;
  const old = Object.entries(train.load ?? {}).filter(([id, booking]) => id !== consignmentId && Date.parse(booking.at) < cutoff);
  const stale = new Set<string>();
  for (const [id] of old) {
    const consignment = await repos().consignments.find(id);
    if (consignment?.trainId !== train.id) stale.add(id);
  }
  return stale;
}
