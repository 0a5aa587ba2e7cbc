import type { ConsignmentEvent } from '../data/consignment-records.ts';
import { everyPage } from '../data/pagination.ts';
import { repos } from '../lifecycle/ports.ts';

/** A consignment's whole audit trail, every page, in sequence order. */
export function auditTrail(consignmentId: string): Promise<ConsignmentEvent[]> {
  return everyPage((page) => repos().consignments.events(consignmentId, page));
}
