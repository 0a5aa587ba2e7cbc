import type { ConsignmentEvent } from '../data/consignment-records.ts';
import { repos } from '../lifecycle/repositories.ts';

/** A consignment's whole audit trail, every page, in sequence order. */
export async function auditTrail(consignmentId: string): Promise<ConsignmentEvent[]> {
  const events: ConsignmentEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await repos().consignments.events(consignmentId, { limit: 100, ...(nextToken && { nextToken }) });
    events.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
