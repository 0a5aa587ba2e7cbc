import { z } from 'zod';
import { bilingual } from './text.ts';

/** The lifecycle of a consignment; `released` and `rejected` are terminal. */
export const CONSIGNMENT_STATUSES = [
  'filed',
  'awaiting-port-checks',
  'awaiting-port-inspection',
  /** §10: at the change of mode of a multimodal journey, for the seals to be checked. */
  'awaiting-hand-over',
  'awaiting-destination-inspection',
  'awaiting-origin-inspection',
  'awaiting-disposal',
  'released',
  'rejected',
] as const;
export type ConsignmentStatus = (typeof CONSIGNMENT_STATUSES)[number];
export const consignmentStatusSchema = z.enum(CONSIGNMENT_STATUSES, {
  error: bilingual('未知的货物状态', 'unknown consignment status'),
});

export const TERMINAL_STATUSES = ['released', 'rejected'] as const satisfies readonly ConsignmentStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminalStatus(status: ConsignmentStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly ConsignmentStatus[]).includes(status);
}
