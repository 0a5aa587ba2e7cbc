import type { Train } from '../../domain/train.ts';
import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import type { TrainChange } from '../../data/train-repository.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

const MAX_ATTEMPTS = 8;

/**
 * Applies a change to the latest version of a train under its version guard: the one conditional
 * write that keeps every train invariant (an event recorded once, one run per train, the
 * arrival wait answered exactly once). A lost race is re-read and decided again; `build`
 * returns `undefined` when there is nothing (more) to do. Returns the train as it now is and
 * whether this call changed it.
 */
export async function updateTrain(
  id: string,
  build: (current: Train) => Omit<TrainChange, 'expectedVersion'> | undefined,
): Promise<{ train: Train; changed: boolean; before: Train }> {
  return retryOnConflict(async () => {
    const current = await repos().trains.get(id);
    const change = build(current);
    if (!change) return { train: current, changed: false, before: current };
    const train = await repos().trains.change(id, {
      ...change,
      expectedVersion: current.version,
      set: { ...change.set, updatedAt: nowIso() },
    });
    return { train, changed: true, before: current };
  }, MAX_ATTEMPTS);
}
