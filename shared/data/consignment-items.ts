import { chinesePartyOf, type Consignment } from '../domain/consignment.ts';
import type { ConsignmentSummary } from './consignment-records.ts';
import { withoutKeys } from './items.ts';

/** Attributes kept on the consignment item for the table's sake, never part of a Consignment. */
export const DERIVED = ['declarant', 'lastEvent', 'filingKey'] as const;

/** Credit code of the Chinese party: the declaring enterprise. */
export function declarantOf(c: Pick<Consignment, 'direction' | 'consignor' | 'consignee'>): string | undefined {
  return chinesePartyOf(c).creditCode;
}

export function summaryOf(c: Consignment): ConsignmentSummary {
  return {
    id: c.id,
    direction: c.direction,
    status: c.status,
    portCode: c.portCode,
    portBureau: c.portBureau,
    responsibleBureaus: c.responsibleBureaus,
    tradeMode: c.tradeMode,
    transportMode: c.transportMode,
    ...(c.trainId !== undefined && { trainId: c.trainId }),
    ...(declarantOf(c) !== undefined && { declarant: declarantOf(c) }),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}

export function toConsignment(item: Record<string, unknown>): Consignment {
  // Items are only written by the consignment repository from validated Consignments.
  return withoutKeys(item, DERIVED) as Consignment;
}

export function toSummary(item: Record<string, unknown>): ConsignmentSummary {
  // Link items hold exactly a summary; consignment items hold the full record.
  return item.entity === 'ConsignmentLink'
    ? (withoutKeys(item, ['removed']) as unknown as ConsignmentSummary)
    : summaryOf(toConsignment(item));
}
