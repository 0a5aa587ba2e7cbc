import { z } from 'zod';
import { notCoveredReasonSchema, type NotCoveredReason } from './port-results.ts';

/**
 * What happened to each consignment when its train's port results were handed over, and the
 * summary the port bureau, the lead bureau and the destination bureaus get at the end of a run.
 */
export const handOverOutcomeSchema = z.discriminatedUnion('result', [
  /** Import: its port-checks task was completed from the train results. */
  z.object({ consignmentId: z.string(), result: z.literal('port-checks-completed') }),
  /** Import whose port-checks step has not opened yet: it completes from the results when it does. */
  z.object({ consignmentId: z.string(), result: z.literal('results-recorded') }),
  /** Import not covered by the train results: its port-checks task waits for an officer. */
  z.object({ consignmentId: z.string(), result: z.literal('awaiting-officer'), reasons: z.array(notCoveredReasonSchema) }),
  /** Export: exit radiation alarm, or not cleared; it does not leave with this train. */
  z.object({ consignmentId: z.string(), result: z.literal('held-back'), reason: z.string() }),
  /** Export cleared and scanned: it leaves with the train. */
  z.object({ consignmentId: z.string(), result: z.literal('exit-recorded') }),
  /** Closed, moved to another train, or already answered by an officer. */
  z.object({ consignmentId: z.string(), result: z.literal('not-applicable'), reason: z.string() }),
]);
export type HandOverOutcome = z.infer<typeof handOverOutcomeSchema>;

export interface RunSummary {
  consignments: number;
  counts: Record<HandOverOutcome['result'], number>;
  awaitingOfficer: Array<{ consignmentId: string; reasons: NotCoveredReason[] }>;
  heldBack: Array<{ consignmentId: string; reason: string }>;
}

export function runSummary(outcomes: readonly HandOverOutcome[]): RunSummary {
  const counts: RunSummary['counts'] = {
    'port-checks-completed': 0,
    'results-recorded': 0,
    'awaiting-officer': 0,
    'held-back': 0,
    'exit-recorded': 0,
    'not-applicable': 0,
  };
  const awaitingOfficer: RunSummary['awaitingOfficer'] = [];
  const heldBack: RunSummary['heldBack'] = [];
  for (const outcome of outcomes) {
    counts[outcome.result]++;
    if (outcome.result === 'awaiting-officer') awaitingOfficer.push({ consignmentId: outcome.consignmentId, reasons: outcome.reasons });
    if (outcome.result === 'held-back') heldBack.push({ consignmentId: outcome.consignmentId, reason: outcome.reason });
  }
  return { consignments: outcomes.length, counts, awaitingOfficer, heldBack };
}
