import type { BureauCode, GoodsCategory } from '../codes.ts';
import { chinesePartyOf, inlandBureauOf, type Consignment, type ConsignmentFiling } from '../consignment.ts';
import { marketAccessEffects } from '../market-access/access-check.ts';
import { goingOutVerdict } from '../going-out/going-out-facilitation.ts';
import { PORT_CHECKS, type InspectionLevel, type InspectionPlan, type PlanReason } from '../inspection-plan.ts';
import type { ReasonCode } from '../reason-codes.ts';
import { bureauByCode } from '../reference/bureaus.ts';
import { portBureau as portBureauOf } from '../reference/ports.ts';
import { commodityRiskEffect } from './commodity-risk.ts';
import type { InspectionContext } from './context.ts';
import { epidemicHits } from './epidemic.ts';
import { measureEffect } from '../alerts/alert-effects.ts';
import {
  PHYSICAL_INSPECTION_CATEGORIES,
  exceptedCategories,
  linesWithCategory,
  type ExportExceptedCategory,
  type ImportExceptedCategory,
} from './excepted-categories.ts';
import { evaluateHighRiskMeasures } from './high-risk-agricultural.ts';
import { resolveInspectionLevel } from './inspection-level.ts';
import { explain, type ReasonParams } from './reasons.ts';
import { evaluateThirdPartyResults, type IgnoredBecause } from './third-party.ts';
import { TRADE_MODE_EFFECTS } from './trade-mode.ts';
import { journeyBorderBureau, journeyPlan } from '../multimodal/journey.ts';
import { journeyReasons, listBasedSamplingReason, maintenanceReason, marketProcurementReason } from '../trade-forms/trade-form-plan.ts';

const IMPORT_EXCEPTION_REASONS: Record<ImportExceptedCategory, ReasonCode> = {
  'waste-raw-material': 'IMPORT_EXCEPTION_WASTE_RAW_MATERIAL',
  'hazardous-chemical': 'IMPORT_EXCEPTION_HAZARDOUS_CHEMICAL',
  bulk: 'IMPORT_EXCEPTION_BULK',
};

/** Exports: a hazardous chemical is reported as dangerous goods, the provision that excepts it. */
const EXPORT_EXCEPTION_REASONS: Record<ExportExceptedCategory, ReasonCode> = {
  'dangerous-goods': 'EXPORT_EXCEPTION_DANGEROUS_GOODS',
  'hazardous-chemical': 'EXPORT_EXCEPTION_DANGEROUS_GOODS',
  bulk: 'EXPORT_EXCEPTION_BULK',
};

const IGNORED_REASONS: Record<IgnoredBecause, ReasonCode> = {
  'body-not-recognised': 'THIRD_PARTY_BODY_NOT_RECOGNISED',
  'body-withdrawn': 'THIRD_PARTY_BODY_WITHDRAWN',
  'recognition-not-yet-valid': 'THIRD_PARTY_RECOGNITION_NOT_YET_VALID',
  'recognition-expired': 'THIRD_PARTY_RECOGNITION_EXPIRED',
  'certificate-not-valid': 'THIRD_PARTY_CERTIFICATE_NOT_VALID',
  'outside-recognised-scope': 'THIRD_PARTY_OUTSIDE_RECOGNISED_SCOPE',
  'scope-covers-no-goods': 'THIRD_PARTY_CERTIFICATE_SCOPE_MISMATCH',
};

function bureauName(code: BureauCode) {
  return bureauByCode(code).shortName;
}

/**
 * The inspection routing policy of 国质检通〔2016〕408号: which bureau does what for one
 * consignment, and why. Pure: same consignment and context, same plan.
 */
export function planInspection(
  consignment: ConsignmentFiling | Consignment,
  context: InspectionContext,
): InspectionPlan {
  const isImport = consignment.direction === 'import';
  // §10: a journey that crosses the border at a seaport or an airport has that port's bureau as its port bureau.
  const portBureau = journeyBorderBureau(consignment) ?? portBureauOf(consignment.portCode);
  const inlandBureau = inlandBureauOf(consignment);
  const goods = consignment.goods;
  const filedAt = 'createdAt' in consignment ? consignment.createdAt : context.at;

  const names: ReasonParams = { portBureau: bureauName(portBureau), inlandBureau: bureauName(inlandBureau) };
  const reasons: PlanReason[] = [];
  const say = (code: ReasonCode, extra: Partial<ReasonParams> = {}) => reasons.push(explain(code, { ...names, ...extra }));

  const levelSteps: number[] = [];
  const levelFloors: InspectionLevel[] = [];
  const excepted = new Set<GoodsCategory>();
  let portInspection = false;

  // §1 / §2: the train itself.
  say(isImport ? 'TRAIN_QUARANTINE_ENTRY' : 'TRAIN_QUARANTINE_EXIT');
  if (isImport) say('IMPORT_PORT_CHECKS');

  // §1 / §2: the listed exceptions.
  const exceptionReasons: Partial<Record<GoodsCategory, ReasonCode>> = isImport
    ? IMPORT_EXCEPTION_REASONS
    : EXPORT_EXCEPTION_REASONS;
  const linesByReason = new Map<ReasonCode, Set<number>>();
  for (const category of exceptedCategories(consignment.direction)) {
    const code = exceptionReasons[category];
    const lines = linesWithCategory(goods, category);
    if (code === undefined || lines.length === 0) continue;
    excepted.add(category);
    const set = linesByReason.get(code) ?? new Set<number>();
    for (const line of lines) set.add(line);
    linesByReason.set(code, set);
  }
  for (const [code, lines] of linesByReason) {
    portInspection = true;
    say(code, { goodsLines: [...lines].sort((a, b) => a - b) });
  }

  // §1: high-risk agricultural products go direct-through only under the configured measures.
  const highRiskLines = linesWithCategory(goods, 'high-risk-agricultural');
  if (isImport && highRiskLines.length > 0) {
    const verdict = evaluateHighRiskMeasures({
      measures: context.highRiskAgriculturalMeasures,
      destinationBureau: inlandBureau,
      containers: consignment.containers,
      lines: highRiskLines.map((i) => goods[i]).filter((line) => line !== undefined),
      expectedTransitHours: context.expectedTransitHours,
    });
    if (verdict.met) {
      say('HIGH_RISK_AGRI_MEASURES_MET', { goodsLines: highRiskLines, refs: verdict.sites });
    } else {
      portInspection = true;
      excepted.add('high-risk-agricultural');
      say('HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION', {
        goodsLines: highRiskLines,
        detail: {
          zh: verdict.shortfalls.map((s) => s.zh).join('；'),
          en: verdict.shortfalls.map((s) => s.en).join('; '),
        },
      });
    }
  }

  // §4 (408号 三（三）): the conditions of the market access each import line relies on — a
  // designated site at the destination (or port inspection), a higher level (market-access/).
  const access = marketAccessEffects({
    direction: consignment.direction,
    goods,
    register: context.marketAccess,
    sites: context.highRiskAgriculturalMeasures?.designatedSites,
    destinationBureau: inlandBureau,
    at: filedAt,
  });
  if (access.portInspection) portInspection = true;
  levelFloors.push(...access.levelFloors);
  for (const effect of access.reasons) say(effect.code, { goodsLines: effect.goodsLines, refs: effect.refs });

  // §8: active alerts for the origin country and commodity, measure by measure, each on the
  // mechanisms above (alerts/alert-effects.ts). An entry ban is also in the plan, though the
  // filing it concerns is refused (`entryBanIssues`), so a replayed plan says why.
  for (const hit of epidemicHits(goods, context.epidemicAlerts, context.at).byMeasure) {
    const effect = measureEffect(hit.measure, consignment.direction);
    if (!effect) continue;
    if (effect.levelFloor) levelFloors.push(effect.levelFloor);
    if (effect.portInspection) portInspection = true;
    say(effect.reason, { goodsLines: hit.lines, refs: hit.alertIds, ...(effect.detail && { detail: effect.detail }) });
  }

  // The outcome of §1 / §2.
  if (isImport) {
    if (!portInspection) say('IMPORT_DIRECT_THROUGH');
    say('IMPORT_DESTINATION_INSPECTION');
  } else {
    say('EXPORT_ORIGIN_INSPECTION');
    say(portInspection ? 'EXPORT_CLEARANCE_AT_PORT' : 'EXPORT_DIRECT_RELEASE');
  }

  // §5 / §6: trade mode.
  const trade = TRADE_MODE_EFFECTS[consignment.tradeMode];
  // §6's facilitation rests on a risk assessment of the enterprise and product: no record, none (going-out/).
  const goingOut = goingOutVerdict({ tradeMode: consignment.tradeMode, chineseParty: chinesePartyOf(consignment), goods, assessments: context.goingOutAssessments, at: filedAt });
  if (goingOut.kind === 'refused') say(goingOut.code, { goodsLines: goingOut.goodsLines, refs: goingOut.refs });
  else {
    if (trade.reason) say(trade.reason, goingOut.kind === 'facilitated' ? { refs: goingOut.refs } : {});
    if (trade.levelStep) levelSteps.push(trade.levelStep);
  }
  // §5: market procurement names the registered trader and market the purchase-location bureau inspects under.
  const procurement = marketProcurementReason(consignment, context.marketTraders);
  if (procurement) say(procurement.code, { refs: [...(procurement.refs ?? [])] });
  // §5: global maintenance: the repair import's re-export deadline, or the re-export's import.
  const maintenance = maintenanceReason(consignment, filedAt);
  if (maintenance) say(maintenance.code, { refs: [...(maintenance.refs ?? [])] });

  // §10: multimodal transport.
  const coordinatedMultimodal = consignment.transportMode !== 'rail';
  if (coordinatedMultimodal) say('TRANSPORT_MODE_MULTIMODAL');
  // §10: one supervision across the legs of a declared journey, each bureau's role named (multimodal/).
  const journey = journeyPlan(consignment);
  for (const effect of journeyReasons(journey, consignment.direction)) say(effect.code, { ...(effect.refs && { refs: [...effect.refs] }), ...(effect.detail && { detail: effect.detail }) });

  // §9: third-party results lower the inland level only; port checks and port inspection stay.
  const certificates = consignment.thirdPartyCertificates ?? [];
  if (certificates.length > 0) {
    const verdict = evaluateThirdPartyResults({
      certificates,
      bodies: context.recognisedBodies,
      goods,
      filedAt,
    });
    if (verdict.recognised) {
      levelSteps.push(-1);
      say('THIRD_PARTY_RESULT_RECOGNISED', { refs: verdict.accepted });
    } else {
      say('THIRD_PARTY_RESULT_NOT_RECOGNISED', { refs: certificates.map((c) => c.certificateNumber) });
    }
    // Each certificate not relied on gets its own reason, also beside a recognised result.
    for (const ignored of verdict.ignored) {
      say(IGNORED_REASONS[ignored.because], {
        refs: [ignored.certificateNumber],
        detail: ignored.detail,
        ...(ignored.goodsLines && { goodsLines: ignored.goodsLines }),
      });
    }
    if (verdict.uncovered) {
      say('THIRD_PARTY_GOODS_NOT_COVERED', { refs: verdict.uncovered.certificates, goodsLines: verdict.uncovered.goodsLines });
    }
  }

  // §3: risk levels adjusted from the data — the Chinese party's grade, with the history behind it.
  const enterpriseBasis = context.enterpriseRiskBasis ? { detail: context.enterpriseRiskBasis } : {};
  switch (context.enterpriseRiskGrade) {
    case 'A':
      levelSteps.push(-1);
      say('ENTERPRISE_RISK_GRADE_A', enterpriseBasis);
      break;
    case 'C':
      levelSteps.push(1);
      say('ENTERPRISE_RISK_GRADE_C', enterpriseBasis);
      break;
    case 'D':
      levelFloors.push('intensified');
      say('ENTERPRISE_RISK_GRADE_D', enterpriseBasis);
      break;
    default:
      break;
  }
  // §3: and the grades of the goods' (country of origin, HS heading) pairs.
  const commodity = commodityRiskEffect(goods, context.commodityRiskGrades);
  if (commodity) {
    if (commodity.levelStep) levelSteps.push(commodity.levelStep);
    if (commodity.levelFloor) levelFloors.push(commodity.levelFloor);
    say(commodity.code, { goodsLines: commodity.goodsLines, refs: commodity.refs, ...(commodity.detail && { detail: commodity.detail }) });
  }

  if (goods.some((line) => line.categories.some((c) => PHYSICAL_INSPECTION_CATEGORIES.includes(c)))) {
    levelFloors.push('standard');
  }

  // §7: permits written off against this consignment.
  const permits = consignment.permits ?? [];
  if (permits.length > 0) say('PERMIT_WRITE_OFF', { refs: permits.map((p) => p.number) });

  const inland = { bureau: inlandBureau, level: resolveInspectionLevel(levelSteps, levelFloors) };
  // §5: list-based supervision samples the parcel manifest at the inland level (parcels/parcel-sampling.ts).
  const sampling = listBasedSamplingReason(trade.supervisionMode, inland.level);
  if (sampling?.detail) say(sampling.code, { detail: sampling.detail });
  return {
    direction: consignment.direction,
    portCode: consignment.portCode,
    portBureau,
    trainQuarantine: { bureau: portBureau, kind: isImport ? 'entry' : 'exit' },
    portChecks: isImport ? { bureau: portBureau, checks: [...PORT_CHECKS] } : null,
    portInspection,
    portInspectionBureau: portInspection ? portBureau : null,
    exceptedCategories: [...excepted],
    destinationInspection: isImport ? inland : null,
    originInspection: isImport ? null : inland,
    releaseBureau: isImport || !portInspection ? inlandBureau : portBureau,
    clearanceDocument: isImport
      ? null
      : portInspection
        ? { issuingBureau: portBureau, route: 'port-exchange' }
        : { issuingBureau: inlandBureau, route: 'direct-release' },
    supervisionMode: trade.supervisionMode,
    coordinatedMultimodal,
    ...(journey && { journey }),
    permitWriteOffs: permits,
    reasons,
  };
}
