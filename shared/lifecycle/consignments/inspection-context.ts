import { inlandBureauOf, type ConsignmentFiling } from '../../domain/consignment.ts';
import { estimatedTransitHours } from '../../domain/reference/rail-distances.ts';
import type { InspectionContext, HighRiskAgriculturalMeasures } from '../../domain/policy/context.ts';
import { activeAlertViews } from '../alerts/active-alerts.ts';
import { recognisedBodiesCitedBy } from '../recognition/cited-bodies.ts';
import { riskGradesFor } from '../risk/risk-grades.ts';

/**
 * High-risk agricultural products go direct-through only sealed, to a site designated for the
 * product class, within the transit limit (408号 三（一）asks for these measures to be set).
 */
export const HIGH_RISK_AGRICULTURAL_MEASURES: HighRiskAgriculturalMeasures = {
  sealedContainers: true,
  designatedSites: [
    { id: 'CQ-MEAT', bureau: 'CQ', name: { zh: '重庆铁路口岸进口肉类指定监管场地', en: 'Chongqing rail port designated site for imported meat' }, hsPrefixes: ['02', '16'] },
    { id: 'SC-MEAT', bureau: 'SC', name: { zh: '成都铁路口岸进口肉类指定监管场地', en: 'Chengdu rail port designated site for imported meat' }, hsPrefixes: ['02'] },
    { id: 'HA-GRAIN', bureau: 'HA', name: { zh: '郑州铁路口岸进境粮食指定监管场地', en: 'Zhengzhou rail port designated site for imported grain' }, hsPrefixes: ['10', '12'] },
    { id: 'HB-FRUIT', bureau: 'HB', name: { zh: '武汉铁路口岸进境水果指定监管场地', en: 'Wuhan rail port designated site for imported fruit' }, hsPrefixes: ['08'] },
  ],
  maxTransitHours: 120,
};

/**
 * What the routing policy reads when a consignment is filed. The recognised bodies come from
 * HQ's register (`recognition/`), only those the filing's certificates cite; the alerts in force
 * from the alert platform (`alerts/active-alerts.ts`). The high-risk measures below are
 * configuration shipped with the code.
 */
export async function inspectionContextFor(filing: ConsignmentFiling, at: string): Promise<InspectionContext> {
  const transitHours = estimatedTransitHours(filing.portCode, inlandBureauOf(filing));
  return {
    at,
    // 408号 三（七）: the alerts in force, from the alert platform's sparse active index.
    epidemicAlerts: await activeAlertViews(at),
    recognisedBodies: await recognisedBodiesCitedBy(filing),
    highRiskAgriculturalMeasures: HIGH_RISK_AGRICULTURAL_MEASURES,
    ...(transitHours !== undefined && { expectedTransitHours: transitHours }),
    // 408号 三（二）: the Chinese party's and the goods' risk grades from their nonconformity history.
    ...(await riskGradesFor(filing, at)),
  };
}
