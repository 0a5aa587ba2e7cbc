import { z } from 'zod';
import { bureauCodeSchema, directionSchema } from '../codes.ts';
import type { InspectionLevel, InspectionPlan } from '../inspection-plan.ts';
import type { ReasonCode } from '../reason-codes.ts';
import { bilingual } from '../text.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { riskSettingsSchema } from './risk-settings.ts';

/**
 * POST /policy/replay: what HQ's proposed thresholds would have changed, re-planning the filings
 * of a past window (408号 三（二）: 及时调整措施, decided on the data). Read-only: nothing is written.
 */
export const MAX_REPLAY_CONSIGNMENTS = 500;

export const policyReplaySchema = z
  .object({
    /** Inclusive bounds on the filing time. */
    from: timestampSchema,
    to: timestampSchema,
    /** The thresholds to try; the other inputs of the policy are as they are today. */
    settings: riskSettingsSchema,
    direction: directionSchema.optional(),
    /** Only the consignments this bureau is responsible for. */
    bureau: bureauCodeSchema.optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (Date.parse(request.from) > Date.parse(request.to)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: bilingual('to 须不早于 from', 'to must not be before from') });
    }
  });
export type PolicyReplayRequest = z.infer<typeof policyReplaySchema>;

/** What a plan decides that a threshold can move, and why. */
export interface PlanOutcome {
  level: InspectionLevel | null;
  portInspection: boolean;
  reasonCodes: ReasonCode[];
}

export function outcomeOf(plan: Pick<InspectionPlan, 'destinationInspection' | 'originInspection' | 'portInspection' | 'reasons'> | undefined): PlanOutcome {
  return {
    level: plan?.destinationInspection?.level ?? plan?.originInspection?.level ?? null,
    portInspection: plan?.portInspection ?? false,
    reasonCodes: (plan?.reasons ?? []).map((r) => r.code),
  };
}

const LEVEL_ORDER: Record<InspectionLevel, number> = { 'document-review': 0, standard: 1, intensified: 2 };

export interface ReplayedConsignment {
  consignmentId: string;
  filedAt: string;
  direction: 'import' | 'export';
  /** As planned at filing and stored. */
  recorded: PlanOutcome;
  /** Re-planned now under the thresholds in force. */
  current: PlanOutcome;
  /** Re-planned now under the proposed thresholds. */
  proposed: PlanOutcome;
  reasonCodes: { added: ReasonCode[]; removed: ReasonCode[] };
}

export interface ReplayTotals {
  consignments: number;
  changed: number;
  levelRaised: number;
  levelLowered: number;
  portInspectionAdded: number;
  portInspectionRemoved: number;
  /** Consignments per inland level, under the current and the proposed thresholds. */
  byLevel: { current: Record<InspectionLevel, number>; proposed: Record<InspectionLevel, number> };
}

export const changedBy = (r: Pick<ReplayedConsignment, 'current' | 'proposed' | 'reasonCodes'>): boolean =>
  r.current.level !== r.proposed.level || r.current.portInspection !== r.proposed.portInspection || r.reasonCodes.added.length + r.reasonCodes.removed.length > 0;

export function reasonDiff(current: PlanOutcome, proposed: PlanOutcome): { added: ReasonCode[]; removed: ReasonCode[] } {
  return {
    added: proposed.reasonCodes.filter((c) => !current.reasonCodes.includes(c)),
    removed: current.reasonCodes.filter((c) => !proposed.reasonCodes.includes(c)),
  };
}

export function replayTotals(replayed: readonly ReplayedConsignment[]): ReplayTotals {
  const levels = (): Record<InspectionLevel, number> => ({ 'document-review': 0, standard: 0, intensified: 0 });
  const totals: ReplayTotals = {
    consignments: replayed.length,
    changed: 0,
    levelRaised: 0,
    levelLowered: 0,
    portInspectionAdded: 0,
    portInspectionRemoved: 0,
    byLevel: { current: levels(), proposed: levels() },
  };
  for (const r of replayed) {
    if (changedBy(r)) totals.changed++;
    if (r.current.level !== null && r.proposed.level !== null) {
      const step = LEVEL_ORDER[r.proposed.level] - LEVEL_ORDER[r.current.level];
      if (step > 0) totals.levelRaised++;
      if (step < 0) totals.levelLowered++;
    }
    if (!r.current.portInspection && r.proposed.portInspection) totals.portInspectionAdded++;
    if (r.current.portInspection && !r.proposed.portInspection) totals.portInspectionRemoved++;
    if (r.current.level !== null) totals.byLevel.current[r.current.level]++;
    if (r.proposed.level !== null) totals.byLevel.proposed[r.proposed.level]++;
  }
  return totals;
}
