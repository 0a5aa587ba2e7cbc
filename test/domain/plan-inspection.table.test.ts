import { describe, expect, it } from 'vitest';
import type { ConsignmentFiling } from '#shared/domain/consignment.ts';
import { inspectionPlanSchema, type InspectionLevel, type InspectionPlan } from '#shared/domain/inspection-plan.ts';
import type { InspectionContext } from '#shared/domain/policy/context.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import type { ReasonCode } from '#shared/domain/reason-codes.ts';
import {
  CREDIT_CODES,
  FROZEN_PORK,
  MEASURES,
  exportFiling,
  goodsLine,
  importFiling,
  inspectionContext,
} from './fixtures.ts';

interface Row {
  name: string;
  filing: ConsignmentFiling;
  context?: Partial<InspectionContext>;
  portInspection: boolean;
  level: InspectionLevel;
  /** The plan's reason codes, in the order the plan gives them. */
  codes: ReasonCode[];
  check?: (plan: InspectionPlan) => void;
}

const IMPORT_BASE: ReasonCode[] = ['TRAIN_QUARANTINE_ENTRY', 'IMPORT_PORT_CHECKS'];
const DIRECT_THROUGH: ReasonCode[] = [...IMPORT_BASE, 'IMPORT_DIRECT_THROUGH', 'IMPORT_DESTINATION_INSPECTION'];
const DIRECT_RELEASE: ReasonCode[] = ['TRAIN_QUARANTINE_EXIT', 'EXPORT_ORIGIN_INSPECTION', 'EXPORT_DIRECT_RELEASE'];

const ALERT_DE_PORK = {
  id: 'ALERT-2016-ASF-DE',
  country: 'DE',
  hsPrefixes: ['0203'],
  disease: { zh: '非洲猪瘟', en: 'African swine fever' },
};
const ALERT_DE_CH84 = { id: 'ALERT-DE-84', country: 'DE', hsPrefixes: ['84'] };
const ALERT_CN_CH95 = { id: 'ALERT-CN-95', country: 'CN', hsPrefixes: ['95'] };

/** §6: a low-risk going-out risk assessment in force (408号 三（五）), without which there is no facilitation. */
const assessed = (id: string, kind: 'own-use' | 'overseas-agricultural', enterprise: string, hsPrefixes: string[], country: string) => ({
  goingOutAssessments: [
    { id, kind, enterprise, hsPrefixes, country, risk: 'low' as const, validFrom: '2016-01-01T00:00:00Z', validUntil: '2017-01-01T00:00:00Z', status: 'active' as const },
  ],
});

const TUV = { id: 'TUV-RHEINLAND', name: 'TÜV Rheinland', country: 'DE' };
const CERT = {
  bodyId: 'TUV-RHEINLAND',
  certificateNumber: 'TUV-2016-0815',
  issuedAt: '2016-06-01T00:00:00+02:00',
  validUntil: '2017-06-01T00:00:00+02:00',
  scope: ['8471'],
};

const expectImportPortChecks = (plan: InspectionPlan) => {
  expect(plan.portChecks).toEqual({
    bureau: 'XJ',
    checks: ['radiation-monitoring', 'container-quarantine', 'surface-treatment'],
  });
};

const rows: Row[] = [
  // §1 import direct-through
  {
    name: '§1 import direct-through: general goods get port checks only, the destination bureau inspects',
    filing: importFiling(),
    portInspection: false,
    level: 'standard',
    codes: DIRECT_THROUGH,
    check: (plan) => {
      expectImportPortChecks(plan);
      expect(plan.trainQuarantine).toEqual({ bureau: 'XJ', kind: 'entry' });
      expect(plan.destinationInspection).toEqual({ bureau: 'CQ', level: 'standard' });
      expect(plan.originInspection).toBeNull();
      expect(plan.portInspectionBureau).toBeNull();
      expect(plan.releaseBureau).toBe('CQ');
      expect(plan.clearanceDocument).toBeNull();
      expect(plan.exceptedCategories).toEqual([]);
    },
  },
  {
    name: '§1 import exception: waste raw materials are inspected at the port',
    filing: importFiling({ goods: [goodsLine({ hsCode: '470790', categories: ['waste-raw-material'] })] }),
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'IMPORT_EXCEPTION_WASTE_RAW_MATERIAL', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      expectImportPortChecks(plan);
      expect(plan.portInspectionBureau).toBe('XJ');
      expect(plan.exceptedCategories).toEqual(['waste-raw-material']);
    },
  },
  {
    name: '§1 import exception: hazardous chemicals and their packaging are inspected at the port',
    filing: importFiling({ goods: [goodsLine({ hsCode: '290110', categories: ['hazardous-chemical'] })] }),
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'IMPORT_EXCEPTION_HAZARDOUS_CHEMICAL', 'IMPORT_DESTINATION_INSPECTION'],
    check: expectImportPortChecks,
  },
  {
    name: '§1 import exception: bulk cargo is inspected at the port',
    filing: importFiling({ goods: [goodsLine({ hsCode: '260111', unit: 'TNE', categories: ['bulk'] })] }),
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'IMPORT_EXCEPTION_BULK', 'IMPORT_DESTINATION_INSPECTION'],
    check: expectImportPortChecks,
  },
  {
    name: '§1 import exceptions combine: each excepted line is named once per exception',
    filing: importFiling({
      goods: [
        goodsLine(),
        goodsLine({ hsCode: '290110', categories: ['hazardous-chemical', 'bulk'] }),
        goodsLine({ hsCode: '260111', categories: ['bulk'] }),
      ],
    }),
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'IMPORT_EXCEPTION_HAZARDOUS_CHEMICAL', 'IMPORT_EXCEPTION_BULK', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      expect(plan.reasons.find((r) => r.code === 'IMPORT_EXCEPTION_BULK')?.goodsLines).toEqual([1, 2]);
      expect(plan.reasons.find((r) => r.code === 'IMPORT_EXCEPTION_HAZARDOUS_CHEMICAL')?.goodsLines).toEqual([1]);
    },
  },
  {
    name: '§1 dangerous goods that are not hazardous chemicals are not an import exception',
    filing: importFiling({ goods: [goodsLine({ hsCode: '850760', categories: ['dangerous-goods'] })] }),
    portInspection: false,
    level: 'standard',
    codes: DIRECT_THROUGH,
  },
  // §1 high-risk agricultural products
  {
    name: '§1 high-risk agricultural: all configured measures met, direct-through',
    filing: importFiling({ goods: [FROZEN_PORK] }),
    context: { highRiskAgriculturalMeasures: MEASURES, expectedTransitHours: 60 },
    portInspection: false,
    level: 'standard',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_MEASURES_MET', 'IMPORT_DIRECT_THROUGH', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      expect(plan.reasons.find((r) => r.code === 'HIGH_RISK_AGRI_MEASURES_MET')?.refs).toEqual(['CQ-TUANJIECUN-MEAT']);
    },
  },
  {
    name: '§1 high-risk agricultural fallback: no measures configured, port inspection',
    filing: importFiling({ goods: [FROZEN_PORK] }),
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      expect(plan.exceptedCategories).toEqual(['high-risk-agricultural']);
      expect(plan.reasons.find((r) => r.code === 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION')?.text.en).toContain(
        'no safety measures are configured',
      );
    },
  },
  {
    name: '§1 high-risk agricultural fallback: a configuration that requires nothing counts as none',
    filing: importFiling({ goods: [FROZEN_PORK] }),
    context: { highRiskAgriculturalMeasures: { sealedContainers: false } },
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION', 'IMPORT_DESTINATION_INSPECTION'],
  },
  {
    name: '§1 high-risk agricultural fallback: an unsealed container',
    filing: importFiling({ goods: [FROZEN_PORK], containers: [{ number: 'CSQU3054383' }] }),
    context: { highRiskAgriculturalMeasures: MEASURES, expectedTransitHours: 60 },
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      const reason = plan.reasons.find((r) => r.code === 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION');
      expect(reason?.text.zh).toContain('集装箱未施封：CSQU3054383');
      expect(reason?.text.en).toContain('containers without a seal: CSQU3054383');
    },
  },
  {
    name: '§1 high-risk agricultural fallback: no designated site for the product class at the destination',
    filing: importFiling({ goods: [FROZEN_PORK], destinationBureau: 'SC' }),
    context: { highRiskAgriculturalMeasures: MEASURES, expectedTransitHours: 60 },
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      expect(plan.reasons.find((r) => r.code === 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION')?.text.en).toContain(
        'no designated site for this product class (HS 020329)',
      );
    },
  },
  {
    name: '§1 high-risk agricultural fallback: transit longer than the limit',
    filing: importFiling({ goods: [FROZEN_PORK] }),
    context: { highRiskAgriculturalMeasures: MEASURES, expectedTransitHours: 120 },
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      expect(plan.reasons.find((r) => r.code === 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION')?.text.en).toContain(
        'transit of 120 h exceeds the limit of 96 h',
      );
    },
  },
  {
    name: '§1 high-risk agricultural fallback: transit time unknown',
    filing: importFiling({ goods: [FROZEN_PORK] }),
    context: { highRiskAgriculturalMeasures: MEASURES },
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION', 'IMPORT_DESTINATION_INSPECTION'],
  },
  // §2 export direct release
  {
    name: '§2 export direct release: the origin bureau inspects and issues the clearance document',
    filing: exportFiling(),
    portInspection: false,
    level: 'standard',
    codes: DIRECT_RELEASE,
    check: (plan) => {
      expect(plan.portChecks).toBeNull();
      expect(plan.trainQuarantine).toEqual({ bureau: 'XJ', kind: 'exit' });
      expect(plan.originInspection).toEqual({ bureau: 'ZJ', level: 'standard' });
      expect(plan.destinationInspection).toBeNull();
      expect(plan.clearanceDocument).toEqual({ issuingBureau: 'ZJ', route: 'direct-release' });
      expect(plan.releaseBureau).toBe('ZJ');
    },
  },
  {
    name: '§2 export exception: dangerous goods and their packaging are inspected at the port',
    filing: exportFiling({ goods: [goodsLine({ hsCode: '360410', originCountry: 'CN', categories: ['dangerous-goods'] })] }),
    portInspection: true,
    level: 'standard',
    codes: ['TRAIN_QUARANTINE_EXIT', 'EXPORT_EXCEPTION_DANGEROUS_GOODS', 'EXPORT_ORIGIN_INSPECTION', 'EXPORT_CLEARANCE_AT_PORT'],
    check: (plan) => {
      expect(plan.portChecks).toBeNull();
      expect(plan.portInspectionBureau).toBe('XJ');
      expect(plan.clearanceDocument).toEqual({ issuingBureau: 'XJ', route: 'port-exchange' });
      expect(plan.releaseBureau).toBe('XJ');
    },
  },
  {
    name: '§2 export exception: bulk commodities are inspected at the port',
    filing: exportFiling({ goods: [goodsLine({ hsCode: '100630', originCountry: 'CN', categories: ['bulk'] })] }),
    portInspection: true,
    level: 'standard',
    codes: ['TRAIN_QUARANTINE_EXIT', 'EXPORT_EXCEPTION_BULK', 'EXPORT_ORIGIN_INSPECTION', 'EXPORT_CLEARANCE_AT_PORT'],
  },
  {
    name: '§2 export exception: a hazardous chemical travels as dangerous goods',
    filing: exportFiling({
      goods: [goodsLine({ hsCode: '281511', originCountry: 'CN', categories: ['hazardous-chemical'] })],
    }),
    portInspection: true,
    level: 'standard',
    codes: ['TRAIN_QUARANTINE_EXIT', 'EXPORT_EXCEPTION_DANGEROUS_GOODS', 'EXPORT_ORIGIN_INSPECTION', 'EXPORT_CLEARANCE_AT_PORT'],
    check: (plan) => expect(plan.exceptedCategories).toEqual(['hazardous-chemical']),
  },
  {
    name: '§2 import-only exceptions (waste) and high-risk measures do not apply to exports',
    filing: exportFiling({
      goods: [
        goodsLine({ hsCode: '470790', originCountry: 'CN', categories: ['waste-raw-material'] }),
        goodsLine({ hsCode: '080810', originCountry: 'CN', categories: ['high-risk-agricultural'] }),
      ],
    }),
    portInspection: false,
    level: 'standard',
    codes: DIRECT_RELEASE,
  },
  // §8 epidemic alerts
  {
    name: '§8 epidemic alert for the origin country and commodity escalates an import to port inspection',
    filing: importFiling({ goods: [goodsLine(), FROZEN_PORK] }),
    context: {
      epidemicAlerts: [ALERT_DE_PORK],
      highRiskAgriculturalMeasures: MEASURES,
      expectedTransitHours: 60,
    },
    portInspection: true,
    level: 'intensified',
    codes: [...IMPORT_BASE, 'HIGH_RISK_AGRI_MEASURES_MET', 'EPIDEMIC_ALERT_ESCALATION', 'IMPORT_DESTINATION_INSPECTION'],
    check: (plan) => {
      const reason = plan.reasons.find((r) => r.code === 'EPIDEMIC_ALERT_ESCALATION');
      expect(reason?.goodsLines).toEqual([1]);
      expect(reason?.refs).toEqual(['ALERT-2016-ASF-DE']);
      expect(reason?.rule).toBe('国质检通〔2016〕408号 三（七）');
      expect(plan.exceptedCategories).toEqual([]);
    },
  },
  {
    name: '§8 an alert for another origin country has no effect',
    filing: importFiling({ goods: [goodsLine({ originCountry: 'PL' })] }),
    context: { epidemicAlerts: [ALERT_DE_CH84] },
    portInspection: false,
    level: 'standard',
    codes: DIRECT_THROUGH,
  },
  {
    name: '§8 an alert for another HS chapter has no effect',
    filing: importFiling(),
    context: { epidemicAlerts: [ALERT_DE_PORK] },
    portInspection: false,
    level: 'standard',
    codes: DIRECT_THROUGH,
  },
  {
    name: '§8 an alert outside its active window has no effect',
    filing: importFiling(),
    context: {
      epidemicAlerts: [
        { ...ALERT_DE_CH84, activeUntil: '2016-08-01T00:00:00Z' },
        { ...ALERT_DE_CH84, id: 'LATER', activeFrom: '2016-10-01T00:00:00Z' },
      ],
    },
    portInspection: false,
    level: 'standard',
    codes: DIRECT_THROUGH,
  },
  {
    name: '§8 an alert within its active window applies',
    filing: importFiling(),
    context: {
      epidemicAlerts: [{ ...ALERT_DE_CH84, activeFrom: '2016-08-01T00:00:00Z', activeUntil: '2016-10-01T00:00:00Z' }],
    },
    portInspection: true,
    level: 'intensified',
    codes: [...IMPORT_BASE, 'EPIDEMIC_ALERT_ESCALATION', 'IMPORT_DESTINATION_INSPECTION'],
  },
  {
    name: '§8 an alert on export goods intensifies the origin inspection, not the port',
    filing: exportFiling(),
    context: { epidemicAlerts: [ALERT_CN_CH95] },
    portInspection: false,
    level: 'intensified',
    codes: ['TRAIN_QUARANTINE_EXIT', 'EPIDEMIC_ALERT_ESCALATION', 'EXPORT_ORIGIN_INSPECTION', 'EXPORT_DIRECT_RELEASE'],
  },
  // §9 third-party results
  {
    name: '§9 a valid certificate of a recognised body lowers the destination level, port checks stay',
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { recognisedBodies: [TUV] },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_RECOGNISED'],
    check: (plan) => {
      expectImportPortChecks(plan);
      expect(plan.reasons.at(-1)?.refs).toEqual(['TUV-2016-0815']);
    },
  },
  {
    name: '§9 a certificate of a body that is not recognised is not accepted',
    filing: importFiling({ thirdPartyCertificates: [{ ...CERT, bodyId: 'UNKNOWN-LAB' }] }),
    context: { recognisedBodies: [TUV] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_BODY_NOT_RECOGNISED'],
    check: (plan) => {
      expect(plan.reasons.at(-1)?.text.en).toContain('the issuing body is not recognised');
      expect(plan.reasons.at(-1)?.text.en).toContain('UNKNOWN-LAB is not in the register');
      expect(plan.reasons.at(-1)?.refs).toEqual(['TUV-2016-0815']);
    },
  },
  {
    name: "§9 a body whose recognition lapsed before filing is not accepted",
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { recognisedBodies: [{ ...TUV, recognisedUntil: '2016-07-01T00:00:00Z' }] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_RECOGNITION_EXPIRED'],
    check: (plan) => expect(plan.reasons.at(-1)?.text.en).toContain("the body's recognition has expired"),
  },
  {
    name: '§9 a certificate expired at filing time is not accepted',
    filing: importFiling({ thirdPartyCertificates: [{ ...CERT, validUntil: '2016-08-31T00:00:00Z' }] }),
    context: { recognisedBodies: [TUV] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_CERTIFICATE_NOT_VALID'],
    check: (plan) => expect(plan.reasons.at(-1)?.text.zh).toContain('报检时证书不在有效期内'),
  },
  {
    name: "§9 a certificate whose scope misses a goods line's HS code is not accepted",
    filing: importFiling({
      goods: [goodsLine(), goodsLine({ hsCode: '940360', description: 'furniture' })],
      thirdPartyCertificates: [CERT],
    }),
    context: { recognisedBodies: [TUV] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_GOODS_NOT_COVERED'],
    check: (plan) => {
      expect(plan.reasons.at(-1)?.text.en).toContain('goods line(s) 2 are outside the scope');
      expect(plan.reasons.at(-1)).toMatchObject({ goodsLines: [1], refs: ['TUV-2016-0815'] });
    },
  },
  {
    name: "§9 a line outside the body's recognised scope is not covered",
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { recognisedBodies: [{ ...TUV, scope: ['85'] }] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_OUTSIDE_RECOGNISED_SCOPE'],
    check: (plan) => {
      expect(plan.reasons.at(-1)).toMatchObject({ goodsLines: [0], refs: ['TUV-2016-0815'] });
      expect(plan.reasons.at(-1)?.text.en).toContain('does not cover HS 847130');
    },
  },
  {
    name: '§9 a body withdrawn before filing is not accepted, and the plan gives the withdrawal reason',
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { recognisedBodies: [{ ...TUV, withdrawn: { at: '2016-08-15T00:00:00Z', reason: 'accreditation suspended' } }] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_BODY_WITHDRAWN'],
    check: (plan) => {
      expect(plan.reasons.at(-1)?.text.en).toContain('withdrawn on 2016-08-15 (accreditation suspended)');
      expect(plan.reasons.at(-1)?.text.zh).toContain('TUV-2016-0815');
    },
  },
  {
    name: '§9 a withdrawal after filing time does not undo a result judged at filing',
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { recognisedBodies: [{ ...TUV, withdrawn: { at: '2016-10-01T00:00:00Z', reason: 'later' } }] },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_RECOGNISED'],
  },
  {
    name: '§9 a body whose recognition starts after filing is not accepted yet',
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { recognisedBodies: [{ ...TUV, recognisedFrom: '2016-10-01T00:00:00Z' }] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_RECOGNITION_NOT_YET_VALID'],
    check: (plan) => expect(plan.reasons.at(-1)?.text.en).toContain('starts on 2016-10-01'),
  },
  {
    name: '§9 a certificate whose scope names none of the goods is not accepted',
    filing: importFiling({ thirdPartyCertificates: [{ ...CERT, scope: ['95'] }] }),
    context: { recognisedBodies: [TUV] },
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_CERTIFICATE_SCOPE_MISMATCH'],
  },
  {
    name: "§9 a body's scope by goods category covers a line of that category",
    filing: importFiling({ goods: [goodsLine({ categories: ['food'] })], thirdPartyCertificates: [CERT] }),
    context: { recognisedBodies: [{ ...TUV, categories: ['food'] }] },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_RECOGNISED'],
  },
  {
    name: '§9 a certificate ignored beside an accepted one still gets its reason, and the level is lowered',
    filing: importFiling({ thirdPartyCertificates: [CERT, { ...CERT, bodyId: 'UNKNOWN-LAB', certificateNumber: 'UL-1' }] }),
    context: { recognisedBodies: [TUV] },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_RECOGNISED', 'THIRD_PARTY_BODY_NOT_RECOGNISED'],
    check: (plan) => {
      expect(plan.reasons.at(-2)?.refs).toEqual(['TUV-2016-0815']);
      expect(plan.reasons.at(-1)?.refs).toEqual(['UL-1']);
    },
  },
  {
    name: "§9 lines a certificate names beyond its body's scope are reported even when another certificate covers them",
    filing: importFiling({
      goods: [goodsLine(), goodsLine({ hsCode: '850440', description: 'converters' })],
      thirdPartyCertificates: [
        { ...CERT, scope: ['84', '85'] },
        { ...CERT, bodyId: 'BV', certificateNumber: 'BV-85', scope: ['85'] },
      ],
    }),
    context: { recognisedBodies: [{ ...TUV, scope: ['84'] }, { id: 'BV', name: 'Bureau Veritas', country: 'FR' }] },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_RECOGNISED', 'THIRD_PARTY_OUTSIDE_RECOGNISED_SCOPE'],
    check: (plan) => {
      expect(plan.reasons.at(-2)?.refs).toEqual(['TUV-2016-0815', 'BV-85']);
      expect(plan.reasons.at(-1)).toMatchObject({ refs: ['TUV-2016-0815'], goodsLines: [1] });
    },
  },
  {
    name: '§9 a recognised result never removes port inspection of an excepted import',
    filing: importFiling({
      goods: [goodsLine({ hsCode: '847130', categories: ['bulk'] })],
      thirdPartyCertificates: [CERT],
    }),
    context: { recognisedBodies: [TUV] },
    portInspection: true,
    level: 'standard',
    codes: [...IMPORT_BASE, 'IMPORT_EXCEPTION_BULK', 'IMPORT_DESTINATION_INSPECTION', 'THIRD_PARTY_RESULT_RECOGNISED'],
    check: expectImportPortChecks,
  },
  {
    name: '§9 a recognised result lowers the origin level of an export',
    filing: exportFiling({ thirdPartyCertificates: [{ ...CERT, scope: ['95'] }] }),
    context: { recognisedBodies: [TUV] },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_RELEASE, 'THIRD_PARTY_RESULT_RECOGNISED'],
  },
  // §5 new forms of trade, §6 going out
  {
    name: '§5 cross-border e-commerce is supervised list-based',
    filing: importFiling({ tradeMode: 'cross-border-ecommerce' }),
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'TRADE_MODE_CROSS_BORDER_ECOMMERCE', 'LIST_BASED_SAMPLING'],
    check: (plan) => expect(plan.supervisionMode).toBe('list-based'),
  },
  {
    name: '§5 international postal parcels are supervised list-based',
    filing: importFiling({ tradeMode: 'postal' }),
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'TRADE_MODE_POSTAL', 'LIST_BASED_SAMPLING'],
    check: (plan) => expect(plan.supervisionMode).toBe('list-based'),
  },
  {
    name: '§5 market procurement exports are supervised by the purchase-location bureau',
    filing: exportFiling({ tradeMode: 'market-procurement' }),
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_RELEASE, 'TRADE_MODE_MARKET_PROCUREMENT'],
    check: (plan) => expect(plan.supervisionMode).toBe('market-procurement'),
  },
  {
    name: '§5 global maintenance is supervised as bonded repair',
    filing: importFiling({ tradeMode: 'global-maintenance' }),
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_THROUGH, 'TRADE_MODE_GLOBAL_MAINTENANCE', 'GLOBAL_MAINTENANCE_RE_EXPORT_DUE'],
    check: (plan) => expect(plan.supervisionMode).toBe('bonded-repair'),
  },
  {
    name: "§6 a 'going out' enterprise's own-use goods get facilitation (one level lower)",
    filing: exportFiling({ tradeMode: 'going-out-own-use' }),
    context: assessed('01J0000000000000000000OWN1', 'own-use', CREDIT_CODES.yiwuExporter, ['9503'], 'KZ'),
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_RELEASE, 'TRADE_MODE_GOING_OUT_OWN_USE'],
    check: (plan) => expect(plan.supervisionMode).toBe('going-out-facilitation'),
  },
  {
    name: '§6 without a risk assessment of the enterprise and product there is no facilitation, explained',
    filing: exportFiling({ tradeMode: 'going-out-own-use' }),
    context: assessed('01J0000000000000000000OWN2', 'own-use', CREDIT_CODES.yiwuExporter, ['8429'], 'KZ'),
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_RELEASE, 'GOING_OUT_NO_RISK_ASSESSMENT'],
    check: (plan) => expect(plan.supervisionMode).toBe('going-out-facilitation'),
  },
  {
    name: '§6 farm products grown abroad by a Chinese enterprise get facilitation, still no lower than standard when high-risk',
    filing: importFiling({ tradeMode: 'overseas-grown-agricultural', goods: [FROZEN_PORK] }),
    context: { highRiskAgriculturalMeasures: MEASURES, expectedTransitHours: 60, ...assessed('01J0000000000000000000PORK', 'overseas-agricultural', CREDIT_CODES.chongqingImporter, ['0203'], 'DE') },
    portInspection: false,
    level: 'standard',
    codes: [
      ...IMPORT_BASE,
      'HIGH_RISK_AGRI_MEASURES_MET',
      'IMPORT_DIRECT_THROUGH',
      'IMPORT_DESTINATION_INSPECTION',
      'TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL',
    ],
    check: (plan) => expect(plan.supervisionMode).toBe('overseas-agricultural-facilitation'),
  },
  {
    name: '§6 farm products grown abroad that are not high-risk drop to a document review',
    filing: importFiling({
      tradeMode: 'overseas-grown-agricultural',
      goods: [goodsLine({ hsCode: '120190', originCountry: 'RU', categories: ['plant-product'] })],
    }),
    context: assessed('01J0000000000000000000SOYA', 'overseas-agricultural', CREDIT_CODES.chongqingImporter, ['1201'], 'RU'),
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL'],
  },
  // §3 risk grade of the enterprise
  {
    name: '§3 enterprise risk grade A lowers the inland level',
    filing: importFiling(),
    context: { enterpriseRiskGrade: 'A' },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'ENTERPRISE_RISK_GRADE_A'],
  },
  {
    name: '§3 enterprise risk grade B changes nothing',
    filing: importFiling(),
    context: { enterpriseRiskGrade: 'B' },
    portInspection: false,
    level: 'standard',
    codes: DIRECT_THROUGH,
  },
  {
    name: '§3 enterprise risk grade C raises the inland level',
    filing: exportFiling(),
    context: { enterpriseRiskGrade: 'C' },
    portInspection: false,
    level: 'intensified',
    codes: [...DIRECT_RELEASE, 'ENTERPRISE_RISK_GRADE_C'],
  },
  {
    name: '§3 enterprise risk grade D intensifies even with a recognised third-party result',
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { enterpriseRiskGrade: 'D', recognisedBodies: [TUV] },
    portInspection: false,
    level: 'intensified',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_RECOGNISED', 'ENTERPRISE_RISK_GRADE_D'],
  },
  {
    name: '§3 grade A and a recognised result together stop at a document review',
    filing: importFiling({ thirdPartyCertificates: [CERT] }),
    context: { enterpriseRiskGrade: 'A', recognisedBodies: [TUV] },
    portInspection: false,
    level: 'document-review',
    codes: [...DIRECT_THROUGH, 'THIRD_PARTY_RESULT_RECOGNISED', 'ENTERPRISE_RISK_GRADE_A'],
  },
  // §7 permits, §10 multimodal
  {
    name: '§7 permits on the filing are written off automatically',
    filing: importFiling({
      goods: [FROZEN_PORK],
      permits: [{ number: '2016CQ0123456', kind: 'animal-plant-quarantine', quantity: 24, unit: 'TNE' }],
    }),
    context: { highRiskAgriculturalMeasures: MEASURES, expectedTransitHours: 60 },
    portInspection: false,
    level: 'standard',
    codes: [
      ...IMPORT_BASE,
      'HIGH_RISK_AGRI_MEASURES_MET',
      'IMPORT_DIRECT_THROUGH',
      'IMPORT_DESTINATION_INSPECTION',
      'PERMIT_WRITE_OFF',
    ],
    check: (plan) => {
      expect(plan.permitWriteOffs).toHaveLength(1);
      expect(plan.reasons.at(-1)?.refs).toEqual(['2016CQ0123456']);
    },
  },
  {
    name: '§10 sea–rail transport is under one coordinated supervision',
    filing: exportFiling({ transportMode: 'sea-rail' }),
    portInspection: false,
    level: 'standard',
    codes: [...DIRECT_RELEASE, 'TRANSPORT_MODE_MULTIMODAL'],
    check: (plan) => expect(plan.coordinatedMultimodal).toBe(true),
  },
];

describe('inspection routing policy: decision table', () => {
  it.each(rows)('$name', (row) => {
    const plan = planInspection(row.filing, inspectionContext(row.context));
    expect(inspectionPlanSchema.parse(plan)).toEqual(plan);
    expect(plan.portInspection).toBe(row.portInspection);
    expect((plan.destinationInspection ?? plan.originInspection)?.level).toBe(row.level);
    expect(plan.reasons.map((r) => r.code)).toEqual(row.codes);
    for (const reason of plan.reasons) {
      expect(reason.rule).toMatch(/^国质检通〔2016〕408号 三（[一二三四五六七八九十]）/);
      expect(reason.text.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(reason.text.en).toMatch(/[a-z]/);
    }
    row.check?.(plan);
  });

  it('uses the filing time of a stored consignment to judge certificates', () => {
    const filing = importFiling({ thirdPartyCertificates: [{ ...CERT, validUntil: '2016-09-15T00:00:00Z' }] });
    const stored = {
      ...filing,
      id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      status: 'filed' as const,
      version: 1,
      createdAt: '2016-09-10T00:00:00Z',
      updatedAt: '2016-09-10T00:00:00Z',
      portBureau: 'XJ' as const,
      responsibleBureaus: ['XJ' as const, 'CQ' as const],
    };
    // Planned a month later, after the certificate ran out: filing time still counts.
    const plan = planInspection(stored, inspectionContext({ at: '2016-10-10T00:00:00Z', recognisedBodies: [TUV] }));
    expect(plan.reasons.map((r) => r.code)).toContain('THIRD_PARTY_RESULT_RECOGNISED');
  });
});
