import type { CallerIdentity } from '../../auth/claims.ts';
import { now } from '../../clock.ts';
import type { RiskGrade } from '../../domain/codes.ts';
import { gradeFrom } from '../../domain/risk/risk-grade.ts';
import { MAX_ASSESSED_HEADINGS, QUALITY_WINDOWS_DAYS, windowFigures, type QualityAssessmentQuery, type WindowFigures } from '../../domain/risk/quality-assessment.ts';
import { COUNTER, type AggregateTarget } from '../../domain/statistics/contribution.ts';
import { counter } from '../../domain/statistics/figures.ts';
import { beijingDayOf, trailingWindow } from '../../domain/statistics/periods.ts';
import type { LocalisedText } from '../../domain/text.ts';
import { InvalidInput, NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';
import { windowTotals } from '../statistics/aggregate-items.ts';
import { currentRiskSettings } from './risk-settings.ts';

export interface QualityAssessment {
  enterprise: string;
  direction: 'import' | 'export';
  /** The Beijing day the windows end on (today). */
  asOf: string;
  /** Every heading together, and the grade the enterprise files with today (both directions). */
  overall: { windows: WindowFigures[]; riskGrade: { grade: RiskGrade; basis: LocalisedText; settingsVersion: number } };
  headings: Array<{ hsHeading: string; windows: WindowFigures[] }>;
  /** More headings than MAX_ASSESSED_HEADINGS: name one with `hsHeading`. */
  truncated: boolean;
}

/** HQ and every bureau read any enterprise's assessment (shared information, 三互); a declarant its own. */
function enterpriseFor(caller: CallerIdentity, requested: string | undefined): string {
  if (caller.role === 'declarant') {
    if (requested !== undefined && requested !== caller.enterprise) throw new NotAllowed('a declarant reads the quality assessment of its own enterprise only');
    if (caller.enterprise === undefined) throw new NotAllowed('the token names no enterprise');
    return caller.enterprise;
  }
  if (requested === undefined) throw new InvalidInput([{ path: 'enterprise', message: 'name the enterprise (its unified social credit code)' }], 'query');
  return requested;
}

/**
 * GET /quality-assessments: an enterprise's consignments and nonconformity over the last 90 and
 * 365 days, overall and per HS heading, from the statistics its closes kept.
 */
export async function qualityAssessment(caller: CallerIdentity, query: QualityAssessmentQuery, at: Date = now()): Promise<QualityAssessment> {
  const enterprise = enterpriseFor(caller, query.enterprise);
  const today = beijingDayOf(at);
  const [all, { settings, version }] = await Promise.all([
    query.hsHeading !== undefined ? Promise.resolve([query.hsHeading]) : repos().statistics.headingsOf(enterprise),
    currentRiskSettings(),
  ]);
  const headings = all.slice(0, MAX_ASSESSED_HEADINGS);
  const windows = QUALITY_WINDOWS_DAYS.map((days) => ({ ...trailingWindow(today, days), days }));
  const gradeWindow = trailingWindow(today, settings.enterprise.windowDays);
  const targets: AggregateTarget[] = [
    { scope: 'ALL', dimension: 'enterprise', value: enterprise },
    ...headings.map((h): AggregateTarget => ({ scope: 'ALL', dimension: 'enterprise-heading', value: `${enterprise}#${h}` })),
  ];
  const [totals, [[gradeTotals = {}] = []]] = await Promise.all([
    windowTotals(targets, windows, today),
    windowTotals([targets[0]!], [gradeWindow], today),
  ]);
  const figures = (i: number) => windows.map((w, j) => windowFigures(totals[i]?.[j] ?? {}, query.direction, w));
  const verdict = gradeFrom(
    { inspected: counter(gradeTotals, COUNTER.inspected), nonconforming: counter(gradeTotals, COUNTER.nonconforming), ...gradeWindow },
    settings.enterprise,
  );
  return {
    enterprise,
    direction: query.direction,
    asOf: today,
    overall: { windows: figures(0), riskGrade: { grade: verdict.grade, basis: verdict.basis, settingsVersion: version } },
    headings: headings.map((hsHeading, i) => ({ hsHeading, windows: figures(i + 1) })),
    truncated: all.length > headings.length,
  };
}
