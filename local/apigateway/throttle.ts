import type { RouteSpec } from '../../infra/manifest-types.ts';
import type { Clock } from '../clock.ts';

/**
 * API Gateway's route throttling: one token bucket per throttled route, shared by every caller
 * (as AWS applies route settings to the route, not per client). The bucket starts full with
 * `burst` tokens, refills at `ratePerSecond` up to `burst`, and each request takes one token; a
 * request that finds less than one is refused (429), and takes nothing. Time comes from the
 * clock given, so a test can move it instead of waiting.
 */
export interface RouteThrottles {
  /** True when the request may pass; false when the route is over its limit. */
  take(routeKey: string): boolean;
}

interface Bucket {
  ratePerSecond: number;
  burst: number;
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
}

export function createRouteThrottles(routes: RouteSpec[], clock: Pick<Clock, 'now'>): RouteThrottles {
  const buckets = new Map<string, Bucket>();
  for (const { method, path, throttle } of routes) {
    if (throttle) buckets.set(`${method} ${path}`, { ...throttle, tokens: throttle.burst, at: clock.now() });
  }
  return {
    take(routeKey) {
      const bucket = buckets.get(routeKey);
      if (!bucket) return true;
      const now = clock.now();
      // A clock read earlier than the last one (never the case for the local clock) refills nothing.
      bucket.tokens = Math.min(bucket.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * bucket.ratePerSecond);
      bucket.at = Math.max(bucket.at, now);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
