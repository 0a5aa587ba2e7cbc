import type { Direction } from '../codes.ts';
import { COUNTER, DURATION, type DurationName } from './contribution.ts';
import { histogramQuantile } from './histogram.ts';

/**
 * The figures of GET /stats from summed aggregate items. Pure: the reader sums the items of a
 * window (`sumTotals`), this says what they mean. Definitions: shared/review/README.md.
 */
export type Totals = Record<string, number>;

export interface Share {
  count: number;
  of: number;
  /** count / of, rounded to 4 decimals; null when `of` is 0. */
  share: number | null;
}

export interface Durations {
  count: number;
  meanSeconds: number | null;
  /** Read from histograms: within about 4.5 % of the exact value (histogram.ts). */
  medianSeconds: number | null;
  p90Seconds: number | null;
  p99Seconds: number | null;
}

export interface StatisticsFigures {
  /** Consignments closed (released or rejected) in the window. */
  consignments: number;
  byStatus: { released: number; rejected: number };
  containers: number;
  netWeightKg: number;
  importsDirectThrough: Share;
  exportsReleasedWithoutPortAction: Share;
  /** Of the consignments closed, those opened at the port (the exceptions, alerts). */
  portInspection: Share;
  filingToRelease: Durations;
  portDwell: Durations;
  nonconformity: Share;
  escalations: { count: number; consignments: Share };
  /**
   * 408号 三（三）: imports carried by inbound (return) trains, their containers and net weight, and
   * their share of the imports closed; a corridor's with `?corridor=`.
   */
  returnCargo: { consignments: number; containers: number; netWeightKg: number; ofImports: Share };
}

/** The sum of the `add` items minus the `subtract` items, attribute by attribute. */
export function sumTotals(add: readonly Totals[], subtract: readonly Totals[] = []): Totals {
  const sum: Totals = {};
  for (const [items, sign] of [[add, 1], [subtract, -1]] as const) {
    for (const item of items) {
      for (const [name, value] of Object.entries(item)) {
        if (typeof value === 'number' && Number.isFinite(value)) sum[name] = (sum[name] ?? 0) + sign * value;
      }
    }
  }
  return sum;
}

const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));

export function share(count: number, of: number): Share {
  return { count, of, share: of === 0 ? null : round(count / of, 4) };
}

const prefixes = (direction: Direction | undefined): Array<'i' | 'e'> => (direction === undefined ? ['i', 'e'] : [direction === 'import' ? 'i' : 'e']);

/** A counter over the directions asked for. */
export function counter(totals: Totals, name: string, direction?: Direction): number {
  return prefixes(direction).reduce((sum, d) => sum + (totals[`${d}.${name}`] ?? 0), 0);
}

/** The histogram of a duration over the directions asked for: bucket → count. */
export function histogramOf(totals: Totals, name: DurationName, direction?: Direction): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const d of prefixes(direction)) {
    const prefix = `${d}.${name}.h`;
    for (const [attribute, value] of Object.entries(totals)) {
      if (!attribute.startsWith(prefix)) continue;
      const bucket = Number(attribute.slice(prefix.length));
      if (Number.isInteger(bucket)) buckets.set(bucket, (buckets.get(bucket) ?? 0) + value);
    }
  }
  return buckets;
}

export function durationsOf(totals: Totals, name: DurationName, direction?: Direction): Durations {
  const count = counter(totals, `${name}.n`, direction);
  const histogram = histogramOf(totals, name, direction);
  const seconds = (q: number) => {
    const ms = histogramQuantile(histogram, q);
    return ms === null ? null : round(ms / 1000, 3);
  };
  return {
    count,
    meanSeconds: count === 0 ? null : round(counter(totals, `${name}.s`, direction) / count / 1000, 3),
    medianSeconds: seconds(0.5),
    p90Seconds: seconds(0.9),
    p99Seconds: seconds(0.99),
  };
}

export function figuresOf(totals: Totals, direction?: Direction): StatisticsFigures {
  const c = (name: string, only: Direction | undefined = direction) => counter(totals, name, only);
  // Direct-through is about imports and release without port action about exports, whatever the filter.
  const imports = direction === 'export' ? undefined : 'import';
  const exports = direction === 'import' ? undefined : 'export';
  const consignments = c(COUNTER.consignments);
  return {
    consignments,
    byStatus: { released: c(COUNTER.released), rejected: c(COUNTER.rejected) },
    containers: c(COUNTER.containers),
    netWeightKg: round(c(COUNTER.netWeightKg), 3) ?? 0,
    importsDirectThrough: imports ? share(c(COUNTER.directThrough, imports), c(COUNTER.pastPort, imports)) : share(0, 0),
    exportsReleasedWithoutPortAction: exports ? share(c(COUNTER.releasedWithoutPortAction, exports), c(COUNTER.releasedExports, exports)) : share(0, 0),
    portInspection: share(c(COUNTER.portInspected), consignments),
    filingToRelease: durationsOf(totals, DURATION.filingToRelease, direction),
    portDwell: durationsOf(totals, DURATION.portDwell, direction),
    nonconformity: share(c(COUNTER.nonconforming), c(COUNTER.inspected)),
    escalations: { count: c(COUNTER.escalations), consignments: share(c(COUNTER.escalated), consignments) },
    // Return cargo is imports only: none under an export filter.
    returnCargo: {
      consignments: imports ? c(COUNTER.returnCargo, imports) : 0,
      containers: imports ? c(COUNTER.returnCargoContainers, imports) : 0,
      netWeightKg: imports ? (round(c(COUNTER.returnCargoNetWeightKg, imports), 3) ?? 0) : 0,
      ofImports: imports ? share(c(COUNTER.returnCargo, imports), c(COUNTER.consignments, imports)) : share(0, 0),
    },
  };
}
