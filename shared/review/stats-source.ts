import type { CallerIdentity } from '../auth/claims.ts';
import type { ConsignmentSummary } from '../data/consignment-records.ts';
import { MAX_PAGE_SIZE } from '../data/pagination.ts';
import { listingScope } from '../domain/access.ts';
import type { Train } from '../domain/train.ts';
import { repos } from '../lifecycle/ports.ts';
import { auditTrail } from './audit-trail.ts';
import { mapWithConcurrency } from './concurrency.ts';
import { computeStats, matchesFilter, type Stats, type StatsFilter, type StatsRecord } from './stats.ts';
import { InvalidInput, NotAllowed } from '../lifecycle/errors.ts';

/** Above this many consignments in the window the answer would take too long: narrow the range. */
export const MAX_STATS_CONSIGNMENTS = 20_000;
const EVENT_READ_CONCURRENCY = 16;

/** HQ sees everything; an officer the consignments of the officer's own bureau only. */
function scoped(caller: CallerIdentity, filter: StatsFilter): StatsFilter {
  if (caller.role === 'declarant') throw new NotAllowed('statistics are for bureaus and HQ');
  const scope = listingScope(caller, filter.bureau);
  if (!scope) throw new NotAllowed(`bureau ${caller.bureau} may see statistics of its own consignments only`);
  return { ...filter, ...scope };
}

/**
 * The consignments filed in the window (newest first, stopping at `from`), narrowed by the
 * filters the summaries already answer; the bureau and direction pick the index.
 */
async function candidates(filter: StatsFilter): Promise<ConsignmentSummary[]> {
  const from = filter.from !== undefined ? Date.parse(filter.from) : undefined;
  const out: ConsignmentSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await repos().consignments.list(
      { ...(filter.bureau !== undefined && { bureau: filter.bureau }), ...(filter.direction !== undefined && { direction: filter.direction }) },
      { limit: MAX_PAGE_SIZE, ...(nextToken && { nextToken }) },
    );
    for (const summary of page.items) {
      if (from !== undefined && Date.parse(summary.createdAt) < from) return out;
      if (matchesFilter({ consignment: summary, events: [] }, { ...filter, corridor: undefined })) out.push(summary);
      if (out.length > MAX_STATS_CONSIGNMENTS) {
        throw new InvalidInput([{ path: 'from', message: `more than ${MAX_STATS_CONSIGNMENTS} consignments in the range: narrow it` }], 'query');
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

type TrainFacts = Pick<StatsRecord, 'trainCorridorId' | 'trainArrivedAtBorder'>;

/** What the figures need of a train: its corridor and when it actually reached the border. */
function factsOf(train: Train | undefined): TrainFacts {
  const arrived = train?.actual['arrived-at-border']?.at;
  return {
    ...(train?.corridorId !== undefined && { trainCorridorId: train.corridorId }),
    ...(arrived !== undefined && { trainArrivedAtBorder: arrived }),
  };
}

/** GET /stats: loads the records in scope and computes the figures (shared/review/stats.ts). */
export async function statsFor(caller: CallerIdentity, requested: StatsFilter): Promise<{ filter: StatsFilter; stats: Stats }> {
  const filter = scoped(caller, requested);
  const summaries = await candidates(filter);
  const trains = new Map<string, Promise<TrainFacts>>();
  const trainFacts = (trainId: string) => {
    let facts = trains.get(trainId);
    if (!facts) trains.set(trainId, (facts = repos().trains.find(trainId).then(factsOf)));
    return facts;
  };
  const records = await mapWithConcurrency(summaries, EVENT_READ_CONCURRENCY, async (consignment): Promise<StatsRecord> => {
    const [events, train] = await Promise.all([auditTrail(consignment.id), consignment.trainId !== undefined ? trainFacts(consignment.trainId) : {}]);
    return { consignment, events, ...train };
  });
  return { filter, stats: computeStats(records, filter) };
}
