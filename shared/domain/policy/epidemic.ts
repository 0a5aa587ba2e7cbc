import type { AlertMeasure } from '../alerts/alert.ts';
import type { GoodsLine } from '../goods-line.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import type { EpidemicAlert } from './context.ts';

export function isAlertActive(alert: EpidemicAlert, at: string): boolean {
  const now = Date.parse(at);
  if (alert.activeFrom !== undefined && Date.parse(alert.activeFrom) > now) return false;
  if (alert.activeUntil !== undefined && Date.parse(alert.activeUntil) < now) return false;
  return true;
}

/** The line's origin country, and one of the alert's HS prefixes or categories. */
export function alertCoversLine(alert: EpidemicAlert, line: GoodsLine): boolean {
  return (
    alert.country === line.originCountry &&
    (alert.hsPrefixes.some((p) => hsPrefixCovers(p, line.hsCode)) || (alert.categories ?? []).some((c) => line.categories.includes(c)))
  );
}

/** The lines one measure reaches, and the alerts that order it; `measure` absent is the epidemic escalation. */
export interface MeasureHit {
  measure: AlertMeasure | undefined;
  lines: number[];
  alertIds: string[];
}

/** The order the policy applies measures in, so that the reasons read the same way every time. */
const MEASURE_ORDER: ReadonlyArray<AlertMeasure | undefined> = [undefined, 'heightened-inspection', 'port-inspection', 'suspend-direct-release', 'entry-ban'];

/**
 * Goods lines hit by an active alert for their origin country and commodity, and the alerts: all
 * of them (`lines`, `alertIds`) and measure by measure (`byMeasure`).
 */
export function epidemicHits(
  goods: readonly GoodsLine[],
  alerts: readonly EpidemicAlert[],
  at: string,
): { lines: number[]; alertIds: string[]; byMeasure: MeasureHit[] } {
  const active = alerts.filter((a) => isAlertActive(a, at));
  const lines: number[] = [];
  const alertIds = new Set<string>();
  const byMeasure = new Map<AlertMeasure | undefined, { lines: Set<number>; alertIds: Set<string> }>();
  goods.forEach((line, index) => {
    const hits = active.filter((a) => alertCoversLine(a, line));
    if (hits.length === 0) return;
    lines.push(index);
    for (const a of hits) {
      alertIds.add(a.id);
      const hit = byMeasure.get(a.measure) ?? { lines: new Set<number>(), alertIds: new Set<string>() };
      hit.lines.add(index);
      hit.alertIds.add(a.id);
      byMeasure.set(a.measure, hit);
    }
  });
  return {
    lines,
    alertIds: [...alertIds],
    byMeasure: MEASURE_ORDER.flatMap((measure) => {
      const hit = byMeasure.get(measure);
      return hit ? [{ measure, lines: [...hit.lines].sort((a, b) => a - b), alertIds: [...hit.alertIds].sort() }] : [];
    }),
  };
}
