import { seededRandom } from '#local/seeded-random.ts';
import { inject } from 'vitest';

/**
 * How much the fault suite does. `npm test` runs the fast subset (the default); `npm run
 * test:faults` sets FAULTS_FULL=1 for the full run. FAULTS_SEED=<n> replays a run: every random
 * choice (requests, kill moments, fault decisions) derives from it; without it the fast subset
 * uses one fixed seed and the full run picks one and prints it.
 */
export const FULL = process.env.FAULTS_FULL === '1';

/** Chosen once per run by global-setup.ts (FAULTS_SEED, or a random one), the same in every part. */
export const SEED: number = inject('faultsSeed');

export const SIZES = FULL
  ? {
      /** Fuzzed requests (a concurrent burst counts each of its requests). */
      fuzzRequests: 10_000,
      crashRounds: 10,
      /** Keyed filings per crash round (the burst also completes every task it can). */
      crashFilings: 24,
      /** Consignments filed under injected transient failures. */
      transientConsignments: 16,
    }
  : {
      fuzzRequests: 500,
      crashRounds: 1,
      crashFilings: 12,
      transientConsignments: 6,
    };

// FAULTS_REQUESTS=<n> and FAULTS_ROUNDS=<n> override the number of fuzzed requests and crash rounds (to dig into one finding).
if (process.env.FAULTS_REQUESTS) SIZES.fuzzRequests = Number(process.env.FAULTS_REQUESTS);
if (process.env.FAULTS_ROUNDS) SIZES.crashRounds = Number(process.env.FAULTS_ROUNDS);

/** A per-part seed derived from the run's seed, so that the parts do not share one sequence. */
export function partSeed(part: string): number {
  let h = SEED >>> 0;
  for (const ch of part) h = (Math.imul(h ^ ch.charCodeAt(0), 0x01000193) + 0x9e3779b9) >>> 0;
  return h & 0x7fffffff;
}

/** A seeded generator for choices made outside fast-check (kill moments, picks). */
export const rng = (seed: number): (() => number) => seededRandom(seed);
