import { inlandBureauOf, type ConsignmentFiling } from '../../domain/consignment.ts';
import { estimatedTransitHours } from '../../domain/reference/rail-distances.ts';
import type { InspectionContext, RecognisedBody, HighRiskAgriculturalMeasures } from '../../domain/policy/context.ts';

/**
 * The configuration the routing policy reads when a consignment is filed. Until the alert
 * platform and the recognition register have their own stores and APIs, this is configuration
 * shipped with the code: no epidemic alerts are active, and the bodies and measures below apply.
 */
export const RECOGNISED_BODIES: RecognisedBody[] = [
  { id: 'SGS-CH', name: 'SGS Société Générale de Surveillance SA', country: 'CH' },
  { id: 'BV-FR', name: 'Bureau Veritas SA', country: 'FR' },
  { id: 'TUV-SUD-DE', name: 'TÜV SÜD AG', country: 'DE' },
  { id: 'INTERTEK-GB', name: 'Intertek Group plc', country: 'GB' },
];

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

export function inspectionContextFor(filing: ConsignmentFiling, at: string): InspectionContext {
  const transitHours = estimatedTransitHours(filing.portCode, inlandBureauOf(filing));
  return {
    at,
    epidemicAlerts: [],
    recognisedBodies: RECOGNISED_BODIES,
    highRiskAgriculturalMeasures: HIGH_RISK_AGRICULTURAL_MEASURES,
    ...(transitHours !== undefined && { expectedTransitHours: transitHours }),
  };
}
