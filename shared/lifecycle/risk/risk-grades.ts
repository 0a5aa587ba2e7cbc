import { now } from '../../clock.ts';
import { chinesePartyOf, type ConsignmentFiling } from '../../domain/consignment.ts';
import type { CommodityRiskGrade } from '../../domain/policy/commodity-risk.ts';
import type { InspectionContext } from '../../domain/policy/context.ts';
import { gradeFrom, type GradeVerdict } from '../../domain/risk/risk-grade.ts';
import type { GradeThresholds, RiskSettings } from '../../domain/risk/risk-settings.ts';
import { COUNTER, heading, type AggregateTarget } from '../../domain/statistics/contribution.ts';
import { counter, type Totals } from '../../domain/statistics/figures.ts';
import { beijingDayOf, trailingWindow } from '../../domain/statistics/periods.ts';
import { windowTotals, type TotalsCache } from '../statistics/aggregate-items.ts';
import { currentRiskSettings } from './risk-settings.ts';

export type RiskGrades = Pick<InspectionContext, 'enterpriseRiskGrade' | 'enterpriseRiskBasis' | 'commodityRiskGrades'>;

/** The grades of one kind of subject over its window of history, from the statistics the closes kept. */
async function verdicts(targets: readonly AggregateTarget[], thresholds: GradeThresholds, filedOn: string, today: string, cache?: TotalsCache): Promise<GradeVerdict[]> {
  if (targets.length === 0) return [];
  const window = trailingWindow(filedOn, thresholds.windowDays);
  const totals = await windowTotals(targets, [window], today, cache);
  return totals.map(([t = {} as Totals]) =>
    gradeFrom({ inspected: counter(t, COUNTER.inspected), nonconforming: counter(t, COUNTER.nonconforming), ...window }, thresholds),
  );
}

/**
 * The risk grades a filing is planned with (408号 三（二）): the Chinese party's and each (country
 * of origin, HS heading) pair's, from their nonconformity history up to the day of filing under
 * HQ's thresholds. Only grades other than B are returned (B changes nothing). `settings`,
 * `historyUntil` (the last day of history, by default the day of filing) and `today` let a replay
 * grade a past filing under proposed thresholds, `cache` many filings at once.
 */
export async function riskGradesFor(
  filing: Pick<ConsignmentFiling, 'direction' | 'consignor' | 'consignee' | 'goods'>,
  at: string,
  options: { settings?: RiskSettings; historyUntil?: string; today?: string; cache?: TotalsCache } = {},
): Promise<RiskGrades> {
  const settings = options.settings ?? (await currentRiskSettings()).settings;
  const filedOn = options.historyUntil ?? beijingDayOf(at);
  const today = options.today ?? beijingDayOf(now());
  const enterprise = chinesePartyOf(filing).creditCode;
  const pairs = [...new Set(filing.goods.map((line) => `${line.originCountry}#${heading(line.hsCode)}`))];
  const [[enterpriseVerdict], pairVerdicts] = await Promise.all([
    verdicts(enterprise === undefined ? [] : [{ scope: 'ALL', dimension: 'enterprise', value: enterprise }], settings.enterprise, filedOn, today, options.cache),
    verdicts(pairs.map((value) => ({ scope: 'ALL', dimension: 'commodity', value })), settings.commodity, filedOn, today, options.cache),
  ]);
  const commodityRiskGrades: CommodityRiskGrade[] = pairs.flatMap((pair, i) => {
    const verdict = pairVerdicts[i];
    if (!verdict || verdict.grade === 'B') return [];
    const [country = '', hsHeading = ''] = pair.split('#');
    return [{ country, hsHeading, grade: verdict.grade, basis: verdict.basis }];
  });
  return {
    ...(enterpriseVerdict && enterpriseVerdict.grade !== 'B' && { enterpriseRiskGrade: enterpriseVerdict.grade, enterpriseRiskBasis: enterpriseVerdict.basis }),
    ...(commodityRiskGrades.length > 0 && { commodityRiskGrades }),
  };
}
