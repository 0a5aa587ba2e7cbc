import type { CallerIdentity } from '../../auth/claims.ts';
import { now } from '../../clock.ts';
import type { Consignment } from '../../domain/consignment.ts';
import { planInspection } from '../../domain/policy/plan-inspection.ts';
import {
  MAX_REPLAY_CONSIGNMENTS,
  changedBy,
  outcomeOf,
  reasonDiff,
  replayTotals,
  type PolicyReplayRequest,
  type ReplayTotals,
  type ReplayedConsignment,
} from '../../domain/risk/policy-replay.ts';
import type { RiskSettings } from '../../domain/risk/risk-settings.ts';
import { addDays, beijingDayOf } from '../../domain/statistics/periods.ts';
import { mapWithConcurrency } from '../../review/concurrency.ts';
import { inspectionContextFor } from '../consignments/inspection-context.ts';
import { InvalidInput, NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';
import type { TotalsCache } from '../statistics/aggregate-items.ts';
import { riskGradesFor } from './risk-grades.ts';
import { currentRiskSettings } from './risk-settings.ts';

const REPLANS_IN_FLIGHT = 16;

export interface PolicyReplay {
  window: { from: string; to: string };
  settings: { currentVersion: number; current: RiskSettings; proposed: RiskSettings };
  totals: ReplayTotals;
  /** The consignments whose plan would differ, oldest filing first. */
  changes: ReplayedConsignment[];
}

/** The filings of the window (narrowed), at most MAX_REPLAY_CONSIGNMENTS; more is a 400 naming the window. */
async function filingsOf(request: PolicyReplayRequest): Promise<Consignment[]> {
  const out: Consignment[] = [];
  let nextToken: string | undefined;
  do {
    const page = await repos().consignments.listFiled({ from: request.from, to: request.to }, { limit: 100, ...(nextToken !== undefined && { nextToken }) });
    for (const c of page.items) {
      if (request.direction !== undefined && c.direction !== request.direction) continue;
      if (request.bureau !== undefined && !c.responsibleBureaus.includes(request.bureau)) continue;
      out.push(c);
      if (out.length > MAX_REPLAY_CONSIGNMENTS) {
        throw new InvalidInput([
          { path: 'to', message: `more than ${MAX_REPLAY_CONSIGNMENTS} consignments were filed from ${request.from} to ${request.to}: replay a shorter window (or narrow by direction or bureau)` },
        ]);
      }
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

/**
 * POST /policy/replay (HQ): each filing of the window planned again, under the thresholds in
 * force and under the proposed ones, with the grades from its history up to the day before its
 * filing; the rest of the policy's context as it is today. Reads only: no consignment, setting or
 * statistic is written.
 */
export async function replayPolicy(request: PolicyReplayRequest, caller: CallerIdentity): Promise<PolicyReplay> {
  if (caller.role !== 'hq') throw new NotAllowed('only HQ replays the policy');
  const [filings, current] = await Promise.all([filingsOf(request), currentRiskSettings()]);
  const today = beijingDayOf(now());
  const cache: TotalsCache = new Map();
  const replayed = await mapWithConcurrency(filings, REPLANS_IN_FLIGHT, async (consignment): Promise<ReplayedConsignment> => {
    const {
      enterpriseRiskGrade: _grade,
      enterpriseRiskBasis: _basis,
      commodityRiskGrades: _commodities,
      ...context
    } = await inspectionContextFor(consignment, consignment.createdAt);
    // History up to the day before the filing: a day's items cannot tell which of its closes came
    // before the filing, and a consignment closed on its filing day must not grade itself.
    const historyUntil = addDays(beijingDayOf(consignment.createdAt), -1);
    const grades = (settings: RiskSettings) => riskGradesFor(consignment, consignment.createdAt, { settings, historyUntil, today, cache });
    const [now, proposed] = await Promise.all([grades(current.settings), grades(request.settings)]);
    const currentOutcome = outcomeOf(planInspection(consignment, { ...context, ...now }));
    const proposedOutcome = outcomeOf(planInspection(consignment, { ...context, ...proposed }));
    return {
      consignmentId: consignment.id,
      filedAt: consignment.createdAt,
      direction: consignment.direction,
      recorded: outcomeOf(consignment.inspectionPlan),
      current: currentOutcome,
      proposed: proposedOutcome,
      reasonCodes: reasonDiff(currentOutcome, proposedOutcome),
    };
  });
  return {
    window: { from: request.from, to: request.to },
    settings: { currentVersion: current.version, current: current.settings, proposed: request.settings },
    totals: replayTotals(replayed),
    changes: replayed.filter(changedBy),
  };
}
