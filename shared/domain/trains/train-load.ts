import { MAX_CONTAINERS_PER_TRAIN } from '../limits.ts';
import type { Train } from '../train.ts';

/** The containers a train can take: its declared capacity, or a full train. */
export const trainCapacity = (train: Pick<Train, 'containerCapacity'>): number => train.containerCapacity ?? MAX_CONTAINERS_PER_TRAIN;

/** Containers booked on the train by consignments other than `consignmentId`. */
export function bookedByOthers(load: Train['load'], consignmentId: string): number {
  return Object.entries(load ?? {}).reduce((sum, [id, booking]) => (id === consignmentId ? sum : sum + booking.containers), 0);
}
