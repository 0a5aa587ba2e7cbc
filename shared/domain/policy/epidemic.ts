import type { GoodsLine } from '../goods-line.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import type { EpidemicAlert } from './context.ts';

export function isAlertActive(alert: EpidemicAlert, at: string): boolean {
  const now = Date.parse(at);
  if (alert.activeFrom !== undefined && Date.parse(alert.activeFrom) > now) return false;
  if (alert.activeUntil !== undefined && Date.parse(alert.activeUntil) < now) return false;
  return true;
}

export function alertCoversLine(alert: EpidemicAlert, line: GoodsLine): boolean {
  return alert.country === line.originCountry && alert.hsPrefixes.some((p) => hsPrefixCovers(p, line.hsCode));
}

/** Goods lines hit by an active alert for their origin country and commodity, and the alerts. */
export function epidemicHits(
  goods: readonly GoodsLine[],
  alerts: readonly EpidemicAlert[],
  at: string,
): { lines: number[]; alertIds: string[] } {
  const active = alerts.filter((a) => isAlertActive(a, at));
  const lines: number[] = [];
  const alertIds = new Set<string>();
  goods.forEach((line, index) => {
    const hits = active.filter((a) => alertCoversLine(a, line));
    if (hits.length) {
      lines.push(index);
      for (const a of hits) alertIds.add(a.id);
    }
  });
  return { lines, alertIds: [...alertIds] };
}
