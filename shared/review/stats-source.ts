import type { CallerIdentity } from '../auth/claims.ts';
import { now } from '../clock.ts';
import { listingScope } from '../domain/access.ts';
import { figuresOf, type StatisticsFigures } from '../domain/statistics/figures.ts';
import { beijingDayOf, daysBetween, type DayWindow } from '../domain/statistics/periods.ts';
import { statsTarget, statsWindow, type StatsQuery } from '../domain/statistics/stats-query.ts';
import { InvalidInput, NotAllowed } from '../lifecycle/errors.ts';
import { windowTotals } from '../lifecycle/statistics/aggregate-items.ts';

/** HQ sees everything; an officer the consignments of the officer's own bureau only. */
function scoped(caller: CallerIdentity, query: StatsQuery): StatsQuery {
  if (caller.role === 'declarant') throw new NotAllowed('statistics are for bureaus and HQ');
  const scope = listingScope(caller, query.bureau);
  if (!scope) throw new NotAllowed(`bureau ${caller.bureau} may see statistics of its own consignments only`);
  return { ...query, ...scope };
}

export interface StatsAnswer {
  filter: StatsQuery;
  /** The Beijing days counted, both included; `days` 0 for an empty window (from after to). */
  window: DayWindow & { days: number };
  stats: StatisticsFigures;
}

/**
 * GET /stats: the figures of the consignments closed in a window of Beijing days, from the
 * aggregates their closes wrote (`shared/lifecycle/statistics/`): at most 13 month items and 30
 * day items of one dimension value, whatever the window up to a year.
 */
export async function statsFor(caller: CallerIdentity, requested: StatsQuery, at: Date = now()): Promise<StatsAnswer> {
  const filter = scoped(caller, requested);
  const today = beijingDayOf(at);
  const window = statsWindow(filter, today);
  if ('message' in window) throw new InvalidInput([window], 'query');
  const target = statsTarget(filter, filter.bureau);
  const [[totals = {}] = []] = await windowTotals([target], [window], today);
  const days = window.from <= window.to ? daysBetween(window.from, window.to) : 0;
  return { filter, window: { ...window, days }, stats: figuresOf(totals, filter.direction) };
}
