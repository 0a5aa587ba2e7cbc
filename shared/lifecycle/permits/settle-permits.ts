import type { Consignment } from '../../domain/consignment.ts';
import { NotFoundError } from '../../data/errors.ts';
import { everyPage } from '../../data/pagination.ts';
import type { SettleResult, Settlement } from '../../data/permit-repository.ts';
import { currentLogger } from '../../observability/logger.ts';
import { updateConsignment } from '../consignments/consignment-updates.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/**
 * The end of a consignment's lifecycle for the permits it cited: a release writes off (核销) the
 * quantity reserved at filing, a rejection returns it to the permit. One conditional write per
 * permit, on the reservation as it stands, so a retried close changes nothing twice; the audit
 * trail gets one `permits-written-off` or `permits-returned` event, written only if the log does
 * not have it yet (a close that died after the write-offs adds it on its retry).
 *
 * Call it on every attempt of the close step, also when the consignment was closed already: that
 * is how a write-off a crash interrupted gets done.
 */
export async function settlePermits(consignment: Consignment, outcome: 'released' | 'rejected'): Promise<SettleResult[]> {
  const numbers = [...new Set((consignment.permits ?? []).map((p) => p.number))];
  if (numbers.length === 0) return [];
  const at = nowIso();
  const settlement: Settlement = outcome === 'released' ? { state: 'written-off' } : { state: 'returned', reason: 'rejected' };
  const results = await Promise.all(numbers.map((n) => settleOne(n, consignment.id, settlement, at)));

  const settled = results.filter((r) => r.use?.state === settlement.state);
  const unexpected = results.filter((r) => r.use?.state !== settlement.state);
  if (unexpected.length > 0) {
    // Filed before permits were reserved, or settled the other way already: nothing to do, but worth a look.
    currentLogger().warn('permit reservations not in the expected state at close', {
      consignmentId: consignment.id,
      outcome,
      permits: unexpected.map((r) => ({ permitNumber: r.permitNumber, state: r.use?.state ?? 'none' })),
    });
  }
  if (settled.length > 0) await recordSettlement(consignment, outcome, settled);
  return results;
}

async function settleOne(permitNumber: string, consignmentId: string, settlement: Settlement, at: string): Promise<SettleResult> {
  try {
    return await repos().permits.settle(permitNumber, consignmentId, settlement, at);
  } catch (error) {
    // A permit cited before the register existed: there is nothing to settle.
    if (error instanceof NotFoundError) return { permitNumber, consignmentId, changed: false };
    throw error;
  }
}

async function recordSettlement(consignment: Consignment, outcome: 'released' | 'rejected', settled: SettleResult[]): Promise<void> {
  const idempotencyKey = `${consignment.id}:permits-${outcome}`;
  const events = await everyPage((page) => repos().consignments.events(consignment.id, page));
  if (events.some((e) => e.idempotencyKey === idempotencyKey)) return;
  await updateConsignment(consignment.id, () => ({
    event: {
      type: outcome === 'released' ? 'permits-written-off' : 'permits-returned',
      actor: { role: 'system', subject: consignment.executionArn ?? 'close-consignment' },
      data: {
        permits: settled.map((r) => ({ number: r.permitNumber, quantity: r.use?.quantity, state: r.use?.state, at: r.use?.settledAt })),
      },
      idempotencyKey,
    },
  }));
}
