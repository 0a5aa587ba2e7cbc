import type { ConsignmentEvent } from '../../data/consignment-records.ts';
import { everyPage } from '../../data/pagination.ts';
import type { Consignment } from '../../domain/consignment.ts';
import type { ClosingFacts } from '../../domain/statistics/contribution.ts';
import { corridorOf, facts, type StatsRecord } from '../../review/stats.ts';
import { repos } from '../ports.ts';

/**
 * What a closed consignment's audit trail and train say, in the terms of the statistics (the
 * definitions of shared/review/README.md), and when it closed: the time of its `released` or
 * `rejected` event, the same on every attempt of the close, so a retry counts in the same day.
 */
export async function closingFactsOf(consignment: Consignment): Promise<{ facts: ClosingFacts; closedAt: string; events: ConsignmentEvent[] }> {
  if (consignment.status !== 'released' && consignment.status !== 'rejected') throw new RangeError(`consignment ${consignment.id} is not closed`);
  const [events, train] = await Promise.all([
    everyPage((page) => repos().consignments.events(consignment.id, page)),
    consignment.trainId !== undefined ? repos().trains.find(consignment.trainId) : undefined,
  ]);
  const arrived = train?.actual['arrived-at-border']?.at;
  const record: StatsRecord = {
    consignment,
    events,
    ...(train?.corridorId !== undefined && { trainCorridorId: train.corridorId }),
    ...(arrived !== undefined && { trainArrivedAtBorder: arrived }),
  };
  const f = facts(record);
  const closing = events.findLast((e) => e.type === consignment.status);
  return {
    closedAt: closing?.at ?? consignment.updatedAt,
    events,
    facts: {
      outcome: consignment.status,
      portChecksCompleted: f.portChecksCompleted,
      stoppedAtPort: f.stoppedAtPort,
      portInspectionOpened: f.portInspectionOpened,
      portAction: f.portAction,
      portDwellMs: f.portDwellMs,
      filingToReleaseMs: f.filingToReleaseMs,
      inspected: f.inspected,
      failed: f.failed,
      escalations: events.filter((e) => e.type === 'task-escalated').length,
      corridor: corridorOf(record),
      // 408号 三（三）: an import on an inbound train is return cargo (返程货物) of its corridor.
      returnCargo: consignment.direction === 'import' && train?.direction === 'inbound',
    },
  };
}
