import { candidatePairsOf, isNonconformityTaskKind } from '../../domain/alerts/alert-candidate.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { currentLogger } from '../../observability/logger.ts';
import { repos } from '../ports.ts';

/**
 * 不合格信息 (408号 三（七）): a failed port check, port inspection, destination or origin
 * inspection counts against every (country of origin, HS heading) pair of the consignment's goods.
 * Safe to repeat (a recovered follow-up): a consignment counts once per pair.
 */
export async function noteNonconformity(consignmentId: string, task: { kind: string; bureau: BureauCode }, at: string): Promise<void> {
  if (!isNonconformityTaskKind(task.kind)) return;
  const consignment = await repos().consignments.get(consignmentId);
  for (const pair of candidatePairsOf(consignment.goods)) {
    const outcome = await repos().alertCandidates.record(pair, { consignmentId, kind: task.kind, bureau: task.bureau, direction: consignment.direction, at });
    if (outcome === 'full') currentLogger().warn('alert candidate is full; the nonconformity is not listed', { candidate: pair.key, consignmentId });
  }
}
