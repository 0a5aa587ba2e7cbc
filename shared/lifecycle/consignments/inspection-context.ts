import { inlandBureauOf, type ConsignmentFiling } from '../../domain/consignment.ts';
import { estimatedTransitHours } from '../../domain/reference/rail-distances.ts';
import type { InspectionContext, HighRiskAgriculturalMeasures } from '../../domain/policy/context.ts';
import { activeAlertViews } from '../alerts/active-alerts.ts';
import { recognisedBodiesCitedBy } from '../recognition/cited-bodies.ts';
import { riskGradesFor } from '../risk/risk-grades.ts';
import { designatedSitesForPolicy } from '../market-access/designated-sites.ts';
import { marketAccessForFiling } from '../market-access/market-access-register.ts';
import { assessmentsForFiling } from '../going-out/risk-assessments.ts';
import { traderRegistrationsFor } from '../market-procurement/markets.ts';

/**
 * High-risk agricultural products go direct-through only sealed, to a site designated for the
 * product class, within the transit limit (408号 三（一）asks for these measures to be set). The
 * sites are HQ's register of designated sites (`market-access/designated-sites.ts`), read at filing.
 */
export const HIGH_RISK_AGRICULTURAL_MEASURES: Omit<HighRiskAgriculturalMeasures, 'designatedSites'> = {
  sealedContainers: true,
  maxTransitHours: 120,
};

/**
 * What the routing policy reads when a consignment is filed. The recognised bodies come from
 * HQ's register (`recognition/`), only those the filing's certificates cite; the alerts in force
 * from the alert platform (`alerts/active-alerts.ts`). The high-risk measures above are
 * configuration shipped with the code; their sites come from the register.
 */
export async function inspectionContextFor(filing: ConsignmentFiling, at: string): Promise<InspectionContext> {
  const transitHours = estimatedTransitHours(filing.portCode, inlandBureauOf(filing));
  // Every read below depends only on the filing: one round of parallel reads on the filing path.
  const [designatedSites, marketAccess, goingOutAssessments, epidemicAlerts, recognisedBodies, marketTraders, riskGrades] =
    await Promise.all([
      filing.direction === 'import' ? designatedSitesForPolicy() : [],
      marketAccessForFiling(filing),
      assessmentsForFiling(filing),
      activeAlertViews(at),
      recognisedBodiesCitedBy(filing),
      traderRegistrationsFor(filing),
      riskGradesFor(filing, at),
    ]);
  return {
    at,
    // 408号 三（七）: the alerts in force, from the alert platform's sparse active index.
    epidemicAlerts,
    recognisedBodies,
    // 408号 三（三）: the designated sites (one Query), the market-access register (one Query, imports
    // only) and, for a going-out trade mode, the Chinese party's risk assessments (one Query).
    highRiskAgriculturalMeasures: { ...HIGH_RISK_AGRICULTURAL_MEASURES, designatedSites },
    marketAccess,
    goingOutAssessments,
    // 408号 三（四）: for a market-procurement export, the consignor's registrations at the markets (one Query).
    marketTraders,
    ...(transitHours !== undefined && { expectedTransitHours: transitHours }),
    // 408号 三（二）: the Chinese party's and the goods' risk grades from their nonconformity history.
    ...riskGrades,
  };
}
