import { z } from 'zod';
import { ALERT_REASON_CODES } from './alerts/alert-reasons.ts';
import { PERMIT_REASON_CODES } from './permits/permit-reasons.ts';
import { TRADE_FORM_REASON_CODES } from './trade-forms/trade-form-reasons.ts';
import { MARKET_ACCESS_REASON_CODES } from './market-access/access-reasons.ts';
import { GOING_OUT_REASON_CODES } from './going-out/going-out-facilitation.ts';

/**
 * Stable reason codes of the inspection plan. Clients and statistics key on them, so a code
 * keeps its meaning forever; texts live in policy/reasons.ts.
 */
export const REASON_CODES = [
  // §1 import direct-through (进口直通)
  'TRAIN_QUARANTINE_ENTRY',
  'IMPORT_PORT_CHECKS',
  'IMPORT_DIRECT_THROUGH',
  'IMPORT_EXCEPTION_WASTE_RAW_MATERIAL',
  'IMPORT_EXCEPTION_HAZARDOUS_CHEMICAL',
  'IMPORT_EXCEPTION_BULK',
  'IMPORT_DESTINATION_INSPECTION',
  'HIGH_RISK_AGRI_MEASURES_MET',
  'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION',
  // §2 export direct release (出口直放)
  'TRAIN_QUARANTINE_EXIT',
  'EXPORT_ORIGIN_INSPECTION',
  'EXPORT_DIRECT_RELEASE',
  'EXPORT_EXCEPTION_DANGEROUS_GOODS',
  'EXPORT_EXCEPTION_BULK',
  'EXPORT_CLEARANCE_AT_PORT',
  // §5 new forms of trade, §6 going out
  'TRADE_MODE_CROSS_BORDER_ECOMMERCE',
  'TRADE_MODE_POSTAL',
  'TRADE_MODE_MARKET_PROCUREMENT',
  'TRADE_MODE_GLOBAL_MAINTENANCE',
  'TRADE_MODE_GOING_OUT_OWN_USE',
  'TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL',
  // §6: why a going-out trade mode gets no facilitation (shared/domain/going-out)
  ...GOING_OUT_REASON_CODES,
  // §4 market access and designated sites (shared/domain/market-access)
  ...MARKET_ACCESS_REASON_CODES,
  // §7 paperless: permits written off automatically
  'PERMIT_WRITE_OFF',
  // §7: goods that need a permit or approval, and the checks of a cited permit (shared/domain/permits)
  ...PERMIT_REASON_CODES,
  // §8 joint epidemic prevention
  'EPIDEMIC_ALERT_ESCALATION',
  // §8: the measures of the alert platform's alerts (shared/domain/alerts)
  ...ALERT_REASON_CODES,
  // §9 third-party results
  'THIRD_PARTY_RESULT_RECOGNISED',
  'THIRD_PARTY_RESULT_NOT_RECOGNISED',
  // §9 why a certificate, or its result for some lines, is not relied on (one reason each)
  'THIRD_PARTY_BODY_NOT_RECOGNISED',
  'THIRD_PARTY_BODY_WITHDRAWN',
  'THIRD_PARTY_RECOGNITION_NOT_YET_VALID',
  'THIRD_PARTY_RECOGNITION_EXPIRED',
  'THIRD_PARTY_CERTIFICATE_NOT_VALID',
  'THIRD_PARTY_OUTSIDE_RECOGNISED_SCOPE',
  'THIRD_PARTY_CERTIFICATE_SCOPE_MISMATCH',
  'THIRD_PARTY_GOODS_NOT_COVERED',
  // §10 multimodal
  'TRANSPORT_MODE_MULTIMODAL',
  // §5 new forms of trade and §10 multimodal chains: sampling, roles per leg, registers (shared/domain/trade-forms)
  ...TRADE_FORM_REASON_CODES,
  // §3 risk levels adjusted from the data
  'ENTERPRISE_RISK_GRADE_A',
  'ENTERPRISE_RISK_GRADE_C',
  'ENTERPRISE_RISK_GRADE_D',
  'COMMODITY_RISK_GRADE_A',
  'COMMODITY_RISK_GRADE_C',
  'COMMODITY_RISK_GRADE_D',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export const reasonCodeSchema = z.enum(REASON_CODES);
