import type { Direction } from '../codes.ts';
import { isTerminalStatus, type Consignment, type ConsignmentFiling } from '../consignment.ts';
import { INSPECTION_LEVELS, type InspectionLevel, type InspectionPlan, type PlanReason } from '../inspection-plan.ts';
import type { ReasonCode } from '../reason-codes.ts';
import { bureauByCode } from '../reference/bureaus.ts';
import type { EpidemicAlert } from '../policy/context.ts';
import { alertCoversLine, epidemicHits, isAlertActive } from '../policy/epidemic.ts';
import { explain, type ReasonParams } from '../policy/reasons.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import type { AlertMeasure, AlertRecord } from './alert.ts';
import { ALERT_REASON_CODES } from './alert-reasons.ts';

/**
 * What an alert does to the inspection plan, on the policy's own mechanisms (408号 三（七）):
 * a level floor, port inspection, or, for an entry ban, the filing refused. Pure: the routing
 * policy applies it at filing (`planInspection`), the re-planning of consignments in flight when
 * an alert takes effect (`replanForAlert`).
 */
export interface MeasureEffect {
  reason: ReasonCode;
  /** The inland level (destination or origin inspection) is at least this. */
  levelFloor?: InspectionLevel;
  /** The goods go through the port bureau: port inspection, and for exports the clearance there. */
  portInspection: boolean;
  detail?: LocalisedText;
}

export function measureEffect(measure: AlertMeasure | undefined, direction: Direction): MeasureEffect | undefined {
  const isImport = direction === 'import';
  switch (measure) {
    // An alert without a measure (configured before the platform): keeping disease out is the
    // port's job on entry; exports leave the country, so only the origin inspection is intensified.
    case undefined:
      return { reason: 'EPIDEMIC_ALERT_ESCALATION', levelFloor: 'intensified', portInspection: isImport, ...(isImport && { detail: { zh: '实施口岸开箱查验', en: 'port inspection' } }) };
    case 'heightened-inspection':
      return { reason: 'ALERT_HEIGHTENED_INSPECTION', levelFloor: 'intensified', portInspection: false };
    case 'port-inspection':
      return { reason: 'ALERT_PORT_INSPECTION', portInspection: true };
    // 直通 and 直放 both suspended: the goods go through the port bureau either way.
    case 'suspend-direct-release':
      return { reason: 'ALERT_DIRECT_RELEASE_SUSPENDED', portInspection: true };
    // A ban on entry says nothing about goods leaving China.
    case 'entry-ban':
      return isImport ? { reason: 'ALERT_ENTRY_BAN', levelFloor: 'intensified', portInspection: true } : undefined;
  }
}

/**
 * An alert in force as the routing policy reads it: one entry per country, sharing the alert's
 * id. No `activeFrom`: an alert is active because its workflow reached `validFrom` (or HQ
 * published it in force), which is the authority; `activeUntil` keeps a late expiry from
 * applying it past its end.
 */
export function policyViewsOf(alert: AlertRecord): EpidemicAlert[] {
  return alert.countries.map((country) => ({
    id: alert.id,
    country,
    hsPrefixes: alert.hsPrefixes,
    ...(alert.categories.length > 0 && { categories: alert.categories }),
    measure: alert.measure,
    disease: alert.description,
    activeUntil: alert.validUntil,
  }));
}

/** The goods lines an alert covers (its countries and commodities), whatever its status. */
export function coveredLines(alert: AlertRecord, goods: ConsignmentFiling['goods']): number[] {
  const views = policyViewsOf(alert);
  return goods.flatMap((line, index) => (views.some((view) => alertCoversLine(view, line)) ? [index] : []));
}

const RULE = '国质检通〔2016〕408号 三（七）';

/** A refused field, in the shape of the application's `InputIssue`. */
export interface BanIssue {
  path: string;
  message: string;
  code: 'ALERT_ENTRY_BAN';
  rule: string;
}

/**
 * §8: goods an active entry ban covers are not accepted: one issue per goods line, naming the
 * alerts. Exports are never refused by an entry ban.
 */
export function entryBanIssues(filing: Pick<ConsignmentFiling, 'direction' | 'goods'>, alerts: readonly EpidemicAlert[], at: string): BanIssue[] {
  if (filing.direction !== 'import') return [];
  const bans = alerts.filter((alert) => alert.measure === 'entry-ban' && isAlertActive(alert, at));
  return filing.goods.flatMap((line, index) => {
    const ids = [...new Set(bans.filter((alert) => alertCoversLine(alert, line)).map((alert) => alert.id))].sort();
    if (ids.length === 0) return [];
    return [
      {
        path: `goods.${index}`,
        message: bilingual(
          `第 ${index + 1} 项货物（原产 ${line.originCountry}，HS ${line.hsCode}）受预警通报 ${ids.join('、')} 禁止入境，不予受理报检`,
          `goods line ${index + 1} (origin ${line.originCountry}, HS ${line.hsCode}) is banned from entry by alert ${ids.join(', ')}: the filing is refused`,
        ),
        code: 'ALERT_ENTRY_BAN' as const,
        rule: RULE,
      },
    ];
  });
}

/**
 * How far a consignment in flight has come, as far as an alert can still change its plan:
 * - `portRoutingOpen`: its workflow has not yet routed on port inspection (the plan is not
 *   settled, `planSettled`), so a new port inspection is still done;
 * - `inlandOpen`: the inland inspection (destination on import, origin on export) has not been
 *   answered, so a higher level still reaches the officer who inspects.
 */
export interface InFlightProgress {
  portRoutingOpen: boolean;
  inlandOpen: boolean;
}

const BEFORE_INLAND_ANSWER: Record<Direction, readonly Consignment['status'][]> = {
  import: ['filed', 'awaiting-port-checks', 'awaiting-port-inspection', 'awaiting-destination-inspection'],
  export: ['filed', 'awaiting-origin-inspection'],
};

/** Where the workflow has yet to route on port inspection: before port checks are answered (import), before origin inspection or treatment (export). */
const BEFORE_PORT_ROUTING: Record<Direction, readonly Consignment['status'][]> = {
  import: ['filed', 'awaiting-port-checks'],
  export: ['filed', 'awaiting-origin-inspection', 'awaiting-disposal'],
};

export function inFlightProgress(consignment: Pick<Consignment, 'direction' | 'status' | 'planSettled'>, inlandAnswered: boolean): InFlightProgress {
  if (isTerminalStatus(consignment.status)) return { portRoutingOpen: false, inlandOpen: false };
  return {
    // The mark decides (it is what the re-plan's write is guarded by); the status only keeps a
    // consignment whose workflow routed before the mark existed from being re-planned in vain.
    portRoutingOpen: consignment.planSettled === undefined && BEFORE_PORT_ROUTING[consignment.direction].includes(consignment.status),
    inlandOpen: !inlandAnswered && BEFORE_INLAND_ANSWER[consignment.direction].includes(consignment.status),
  };
}

export interface Replanned {
  plan: InspectionPlan;
  reason: PlanReason;
  portInspection?: { from: boolean; to: boolean };
  level?: { from: InspectionLevel; to: InspectionLevel };
}

/**
 * The plan of a consignment in flight once an alert in force at `at` covers it: the alert's
 * measure, as far as the consignment has not passed the step it concerns, with one reason. Nothing
 * when the alert does not cover it, has already been applied to it (at filing or before), or comes
 * too late for every effect. Measures only ever add: an alert that ends relaxes nothing in flight.
 */
export function replanForAlert(consignment: Consignment, alert: AlertRecord, progress: InFlightProgress, at: string): Replanned | undefined {
  const plan = consignment.inspectionPlan;
  if (!plan) return undefined;
  const base = measureEffect(alert.measure, consignment.direction);
  if (!base) return undefined;
  const effect: MeasureEffect = alert.measure === 'entry-ban' ? { ...base, reason: 'ALERT_ENTRY_BAN_IN_FLIGHT' } : base;
  if (plan.reasons.some((r) => r.code === effect.reason && r.refs?.includes(alert.id))) return undefined;
  const hit = epidemicHits(consignment.goods, policyViewsOf(alert), at);
  if (hit.lines.length === 0) return undefined;

  const inland = plan.destinationInspection ?? plan.originInspection;
  const addsPort = effect.portInspection && !plan.portInspection && progress.portRoutingOpen;
  const raisesLevel =
    effect.levelFloor !== undefined && inland !== null && progress.inlandOpen && INSPECTION_LEVELS.indexOf(inland.level) < INSPECTION_LEVELS.indexOf(effect.levelFloor);
  if (!addsPort && !raisesLevel) return undefined;

  const names = namesOf(plan);
  let next: InspectionPlan = addsPort ? withPortInspection(plan, names) : plan;
  if (raisesLevel && effect.levelFloor !== undefined) next = withInlandLevel(next, effect.levelFloor);
  const reason = explain(effect.reason, {
    ...names,
    goodsLines: hit.lines,
    refs: [alert.id],
    detail: { zh: `报检后预警生效，在途重新计划（${at}）`, en: `the alert took effect after filing; re-planned in flight (${at})` },
  });
  return {
    plan: { ...next, reasons: [...next.reasons, reason] },
    reason,
    ...(addsPort && { portInspection: { from: false, to: true } }),
    ...(raisesLevel && inland && effect.levelFloor && { level: { from: inland.level, to: effect.levelFloor } }),
  };
}

/** The reasons an alert put on a plan (at filing or in flight). */
export function isAlertReason(reason: PlanReason): boolean {
  return (ALERT_REASON_CODES as readonly string[]).includes(reason.code) || reason.code === 'EPIDEMIC_ALERT_ESCALATION';
}

function namesOf(plan: InspectionPlan): Pick<ReasonParams, 'portBureau' | 'inlandBureau'> {
  const inland = plan.destinationInspection?.bureau ?? plan.originInspection?.bureau ?? plan.releaseBureau;
  return { portBureau: bureauByCode(plan.portBureau).shortName, inlandBureau: bureauByCode(inland).shortName };
}

/**
 * Port inspection added to a plan: on entry the goods are opened at the port before they go on
 * (no longer direct-through); on exit the port bureau inspects and issues the clearance (no
 * longer direct release), as the policy plans an excepted export.
 */
function withPortInspection(plan: InspectionPlan, names: Pick<ReasonParams, 'portBureau' | 'inlandBureau'>): InspectionPlan {
  const isImport = plan.direction === 'import';
  return {
    ...plan,
    portInspection: true,
    portInspectionBureau: plan.portBureau,
    ...(!isImport && { releaseBureau: plan.portBureau, clearanceDocument: { issuingBureau: plan.portBureau, route: 'port-exchange' as const } }),
    reasons: plan.reasons.flatMap((r) => (r.code === 'IMPORT_DIRECT_THROUGH' ? [] : r.code === 'EXPORT_DIRECT_RELEASE' ? [explain('EXPORT_CLEARANCE_AT_PORT', names)] : [r])),
  };
}

function withInlandLevel(plan: InspectionPlan, level: InspectionLevel): InspectionPlan {
  return {
    ...plan,
    ...(plan.destinationInspection && { destinationInspection: { ...plan.destinationInspection, level } }),
    ...(plan.originInspection && { originInspection: { ...plan.originInspection, level } }),
  };
}
