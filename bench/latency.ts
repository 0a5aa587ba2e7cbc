import { percentile } from './day/client.ts';

/** A figure for the report, to `digits` places; NaN (nothing measured) as null, which JSON can carry. */
export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** The latency of one kind of call, in ms: how often it was measured and its nearest-rank percentiles. */
export interface LatencySummary {
  calls: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function latencySummary(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { calls: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

/** One row per kind of call, as the benches against the HTTP API print it. */
export function printLatencyTable(rows: ReadonlyArray<readonly [string, LatencySummary]>): void {
  console.table(Object.fromEntries(rows.map(([what, r]) => [what, { calls: r.calls, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, 'max ms': r.max }])));
}
