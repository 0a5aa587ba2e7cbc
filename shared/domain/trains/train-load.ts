import { MAX_CONTAINERS_PER_TRAIN } from '../limits.ts';
import type { Train } from '../train.ts';

/** The containers a train can take: its declared capacity, or a full train. */
export const trainCapacity = (train: Pick<Train, 'containerCapacity'>): number => train.containerCapacity ?? MAX_CONTAINERS_PER_TRAIN;
