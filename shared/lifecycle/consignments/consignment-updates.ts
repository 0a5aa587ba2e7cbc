import type { Consignment } from '../../domain/consignment.ts';
import type { ConsignmentChange } from '../../data/consignment-records.ts';
import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import { repos } from '../ports.ts';

const MAX_ATTEMPTS = 5;

/**
 * Applies a change to the latest version of a consignment. A step handler races only with
 * officers' writes to the same consignment, so a lost race is re-read and retried. The change's
 * `idempotencyKey` makes a repeat of a change that is still the latest one return the stored
 * result instead of applying it twice (the repository's guard).
 */
export function updateConsignment(
  id: string,
  build: (current: Consignment) => Omit<ConsignmentChange, 'expectedVersion'> | undefined,
): Promise<Consignment> {
  return retryOnConflict(async () => {
    const current = await repos().consignments.get(id);
    const change = build(current);
    return change ? repos().consignments.change(id, { ...change, expectedVersion: current.version }) : current;
  }, MAX_ATTEMPTS);
}
