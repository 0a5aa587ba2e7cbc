import { keys } from '../../data/keys.ts';
import type { AggregateKey, Counters } from '../../data/statistics-repository.ts';
import { targetKey, type AggregateTarget } from '../../domain/statistics/contribution.ts';
import { sumTotals, type Totals } from '../../domain/statistics/figures.ts';
import { periodKey, periodsOf, type DayWindow, type Period } from '../../domain/statistics/periods.ts';
import { repos } from '../ports.ts';

/** The item of one dimension value in one day or month. */
export const itemKey = (target: AggregateTarget, period: Period): AggregateKey => keys.statistics(targetKey(target), periodKey(period));

/** What an item says of itself beside its counters, for a person reading the table. */
export const labelsOf = (target: AggregateTarget, period: Period): Record<string, string> => ({
  scope: target.scope,
  dimension: target.dimension,
  value: target.value,
  period: period.kind === 'day' ? period.day : period.month,
});

/** The items that add up to a window for one target: what to read and what to subtract. */
export function windowItems(target: AggregateTarget, window: DayWindow, today: string): { add: AggregateKey[]; subtract: AggregateKey[] } {
  const plan = periodsOf(window, today);
  return { add: plan.add.map((p) => itemKey(target, p)), subtract: plan.subtract.map((p) => itemKey(target, p)) };
}

/** Totals read before, by target and window: a replay grades many filings of the same days. */
export type TotalsCache = Map<string, Promise<Totals>>;

/**
 * The totals of several targets over several windows, read in one go (one BatchGetItem per 100
 * items, all at once): the answer for `targets[i]` over `windows[j]` is `result[i][j]`.
 */
export async function windowTotals(targets: readonly AggregateTarget[], windows: readonly DayWindow[], today: string, cache?: TotalsCache): Promise<Totals[][]> {
  const cells = targets.flatMap((target) =>
    windows.map((window) => ({ key: `${targetKey(target)}|${window.from}|${window.to}|${today}`, plan: windowItems(target, window, today) })),
  );
  const missing = cells.filter((cell) => !cache?.has(cell.key));
  const reading = missing.length === 0 ? Promise.resolve(new Map<string, Counters>()) : repos().statistics.read(missing.flatMap((c) => [...c.plan.add, ...c.plan.subtract]));
  const local = new Map<string, Promise<Totals>>();
  for (const cell of missing) {
    const totals = reading.then((read) => {
      const of = (key: AggregateKey): Counters => read.get(`${key.pk}|${key.sk}`) ?? {};
      return sumTotals(cell.plan.add.map(of), cell.plan.subtract.map(of));
    });
    local.set(cell.key, totals);
    cache?.set(cell.key, totals);
  }
  const all = await Promise.all(cells.map((cell) => local.get(cell.key) ?? cache?.get(cell.key) ?? Promise.resolve({})));
  return targets.map((_, i) => windows.map((_w, j) => all[i * windows.length + j] ?? {}));
}
