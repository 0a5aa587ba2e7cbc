import type { RiskGrade } from '../codes.ts';
import type { LocalisedText } from '../text.ts';
import type { GradeThresholds } from './risk-settings.ts';

/**
 * A risk grade from nonconformity history (408号 三（二）): the share of inspected consignments
 * found nonconforming over the settings' window. Too little history is grade B (no adjustment);
 * D from the D threshold on, C from the C threshold on, A for a long and clean record.
 */
export interface NonconformityHistory {
  /** Inspected consignments closed in the window. */
  inspected: number;
  nonconforming: number;
  /** The window, inclusive Beijing days. */
  from: string;
  to: string;
}

export interface GradeVerdict {
  grade: RiskGrade;
  /** nonconforming / inspected, 4 decimals; null without inspections. */
  rate: number | null;
  history: NonconformityHistory;
  /** Why, in words: what the plan's reason says after the grade's effect. */
  basis: LocalisedText;
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export function gradeFrom(history: NonconformityHistory, thresholds: GradeThresholds): GradeVerdict {
  const { inspected, nonconforming } = history;
  const rate = inspected === 0 ? null : Number((nonconforming / inspected).toFixed(4));
  const span = { zh: `${history.from} 至 ${history.to}`, en: `${history.from} to ${history.to}` };
  const record = {
    zh: `${span.zh}检验 ${inspected} 批，不合格 ${nonconforming} 批${rate === null ? '' : `（${percent(rate)}）`}`,
    en: `${span.en}: ${nonconforming} of ${inspected} inspected consignments nonconforming${rate === null ? '' : ` (${percent(rate)})`}`,
  };
  const verdict = (grade: RiskGrade, zh: string, en: string): GradeVerdict => ({
    grade,
    rate,
    history,
    basis: { zh: `${record.zh}，${zh}`, en: `${record.en}, ${en}` },
  });
  if (rate === null || inspected < thresholds.minInspected) {
    return verdict('B', `少于 ${thresholds.minInspected} 批，不据以调整`, `fewer than ${thresholds.minInspected}: too little history to adjust`);
  }
  if (rate >= thresholds.gradeD.minRate) return verdict('D', `达到 D 级阈值 ${percent(thresholds.gradeD.minRate)}`, `at or above the grade D threshold of ${percent(thresholds.gradeD.minRate)}`);
  if (rate >= thresholds.gradeC.minRate) return verdict('C', `达到 C 级阈值 ${percent(thresholds.gradeC.minRate)}`, `at or above the grade C threshold of ${percent(thresholds.gradeC.minRate)}`);
  const a = thresholds.gradeA;
  if (a && inspected >= a.minInspected && rate <= a.maxRate) {
    return verdict('A', `不少于 ${a.minInspected} 批且不高于 A 级阈值 ${percent(a.maxRate)}`, `at least ${a.minInspected} and at or below the grade A threshold of ${percent(a.maxRate)}`);
  }
  return verdict('B', '未达到调整阈值', 'within the thresholds: no adjustment');
}
