import { CASE_KINDS, type CaseKind, type CaseStage, type CoordinationCase } from './case.ts';

/**
 * HQ's figures on coordination cases (408号 三（三）: statistics and analysis): per kind, how many
 * were opened in a window, how they stand, how far they escalated, who resolved them and how long
 * resolution took. Pure: the cases are read by the caller.
 */
export interface ResolutionTime {
  count: number;
  meanHours: number;
  medianHours: number;
  /** 90 % of the resolved cases were resolved within this (nearest rank). */
  p90Hours: number;
  maxHours: number;
}

export interface CaseFigures {
  opened: number;
  open: number;
  resolved: number;
  withdrawn: number;
  /** Cases whose second deadline passed (the lead bureau was told) / whose third did (HQ was told). */
  reachedLead: number;
  reachedHq: number;
  /** Who resolved the resolved cases: the addressed bureau, the lead bureau or HQ. */
  resolvedBy: Record<CaseStage, number>;
  /** From opening to resolution, over the resolved cases; absent when none is resolved. */
  timeToResolution?: ResolutionTime;
}

export interface CaseStatistics {
  window: { from: string; to: string };
  total: CaseFigures;
  byKind: Record<CaseKind, CaseFigures>;
}

type CaseFacts = Pick<CoordinationCase, 'kind' | 'status' | 'escalation' | 'openedAt' | 'outcome'>;

const HOUR_MS = 3600_000;
const round = (hours: number) => Math.round(hours * 100) / 100;

function resolutionTime(hours: number[]): ResolutionTime | undefined {
  if (hours.length === 0) return undefined;
  const sorted = [...hours].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return {
    count: sorted.length,
    meanHours: round(sorted.reduce((sum, h) => sum + h, 0) / sorted.length),
    medianHours: round(median),
    p90Hours: round(at(0.9)),
    maxHours: round(sorted.at(-1) ?? 0),
  };
}

function figures(cases: readonly CaseFacts[]): CaseFigures {
  const resolved = cases.filter((c) => c.status === 'resolved');
  const resolvedBy: Record<CaseStage, number> = { addressed: 0, lead: 0, hq: 0 };
  const hours: number[] = [];
  for (const c of resolved) {
    resolvedBy[c.outcome?.resolvedAs ?? 'addressed']++;
    if (c.outcome) hours.push(Math.max(0, Date.parse(c.outcome.at) - Date.parse(c.openedAt)) / HOUR_MS);
  }
  const time = resolutionTime(hours);
  return {
    opened: cases.length,
    open: cases.filter((c) => c.status === 'opened' || c.status === 'awaiting-answer').length,
    resolved: resolved.length,
    withdrawn: cases.filter((c) => c.status === 'withdrawn').length,
    reachedLead: cases.filter((c) => c.escalation >= 2).length,
    reachedHq: cases.filter((c) => c.escalation >= 3).length,
    resolvedBy,
    ...(time && { timeToResolution: time }),
  };
}

/** The figures of the cases opened in the window (the caller reads exactly those). */
export function caseStatistics(cases: readonly CaseFacts[], window: { from: string; to: string }): CaseStatistics {
  const byKind = Object.fromEntries(CASE_KINDS.map((kind) => [kind, figures(cases.filter((c) => c.kind === kind))])) as Record<CaseKind, CaseFigures>;
  return { window, total: figures(cases), byKind };
}
