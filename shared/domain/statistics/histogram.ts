/**
 * Durations kept as histograms so that counters can be added up (DynamoDB `ADD`) and percentiles
 * still read over any window. Buckets are geometric, eight to a doubling: bucket `b` holds
 * durations from 2^(b/8) up to 2^((b+1)/8) milliseconds, each about 9 % wider than the last, so a
 * percentile read from them is within about 4.5 % of the true value (the bucket's geometric
 * middle is at most half a bucket away). Bucket 0 also takes everything under 1 ms. A year of
 * durations spans at most ~260 buckets, and only buckets that hold something are stored.
 */
export const BUCKETS_PER_DOUBLING = 8;

export function bucketOf(milliseconds: number): number {
  if (!(milliseconds >= 1)) return 0;
  return Math.floor(BUCKETS_PER_DOUBLING * Math.log2(milliseconds));
}

/** The bounds of a bucket in milliseconds: [lower, upper). */
export function bucketBounds(bucket: number): [number, number] {
  return [bucket === 0 ? 0 : 2 ** (bucket / BUCKETS_PER_DOUBLING), 2 ** ((bucket + 1) / BUCKETS_PER_DOUBLING)];
}

/** Bucket index → count. */
export type Histogram = ReadonlyMap<number, number>;

/**
 * The q-quantile (0 ≤ q ≤ 1) of the durations a histogram holds, in milliseconds, or null when it
 * holds none. As numpy's default: the rank q × (n − 1), linear between the values either side of
 * it. Each value is estimated from its bucket, the bucket's values spread evenly over it on the
 * log scale (the k-th of n at (k + ½) / n of the way through), so an estimate is never more than
 * half a bucket off.
 */
export function histogramQuantile(histogram: Histogram, q: number): number | null {
  const buckets = [...histogram.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let before = 0;
    for (const [bucket, count] of buckets) {
      if (rank < before + count) {
        const [lower, upper] = bucketBounds(bucket);
        const position = (rank - before + 0.5) / count;
        return lower === 0 ? upper * position : lower * (upper / lower) ** position;
      }
      before += count;
    }
    return bucketBounds(buckets.at(-1)?.[0] ?? 0)[1];
  };
  const rank = Math.min(1, Math.max(0, q)) * (total - 1);
  const low = Math.floor(rank);
  const lowValue = valueAt(low);
  return low === rank ? lowValue : lowValue + (valueAt(low + 1) - lowValue) * (rank - low);
}
