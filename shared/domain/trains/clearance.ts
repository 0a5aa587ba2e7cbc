import type { Consignment } from '../consignment.ts';
import { bilingual } from '../text.ts';

/**
 * 出口直放 on an outbound train: before exit quarantine the port verifies that each export on
 * board was released with its electronic clearance document (通关单). Anything else does not
 * leave with the train: it is reported to its origin bureau and held back.
 */
export type ClearanceVerdict = { cleared: true; document: string } | { cleared: false; reason: string };

export function clearanceVerdict(consignment: Pick<Consignment, 'status' | 'clearanceDocument' | 'direction'>): ClearanceVerdict {
  if (consignment.direction !== 'export') return { cleared: false, reason: bilingual('进口货物不能随出境班列出境', 'an import cannot leave on an outbound train') };
  if (consignment.status === 'released' && consignment.clearanceDocument) return { cleared: true, document: consignment.clearanceDocument.number };
  if (consignment.status === 'rejected') return { cleared: false, reason: bilingual('货物未予放行', 'the consignment was rejected') };
  if (consignment.status === 'released') return { cleared: false, reason: bilingual('已放行但无电子通关单', 'released without a clearance document') };
  return { cleared: false, reason: bilingual(`尚未放行（${consignment.status}）`, `not yet released (${consignment.status})`) };
}
