import { randomUUID } from 'node:crypto';
import { StatesError } from './errors.ts';
import type { MapRunPhase } from './model.ts';

/**
 * A Map state in DISTRIBUTED mode, with its items from the state input (ItemReader and
 * ResultWriter need an S3, which the local cloud does not have yet). Each item (or batch) runs
 * as a child workflow whose events stay out of the parent's history, which records the Map Run
 * instead (MapRunStarted, then MapRunSucceeded or MapRunFailed). A failed child counts against
 * the tolerated failure threshold (none by default) instead of failing the state at once.
 */
export interface MapRunSettings {
  label?: string;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  /** ItemBatcher: set when the definition has one. */
  batcher?: { maxItemsPerBatch?: number; maxInputBytesPerBatch?: number; batchInput?: unknown };
}

// AWS runs up to 10,000 child workflows at once; one process stays usable with fewer.
export const DISTRIBUTED_MAP_CEILING = 1000;
// AWS's default and ceiling for MaxInputBytesPerBatch.
const MAX_BATCH_BYTES = 256 * 1024;

export const EXCEEDED_THRESHOLD = 'States.ExceedToleratedFailureThreshold';

export function mapRunArn(executionArn: string, stateName: string, label: string | undefined): string {
  // arn:aws:states:region:account:execution:machine:name -> ...:mapRun:machine/label:id
  const parts = executionArn.split(':');
  return `${parts.slice(0, 5).join(':')}:mapRun:${parts[6] ?? ''}/${label ?? stateName}:${randomUUID()}`;
}

export function startMapRun(executionArn: string, stateName: string, settings: MapRunSettings): MapRunPhase {
  const run: MapRunPhase = { arn: mapRunArn(executionArn, stateName, settings.label), failures: 0 };
  if (settings.toleratedFailureCount !== undefined) run.toleratedFailureCount = settings.toleratedFailureCount;
  if (settings.toleratedFailurePercentage !== undefined) run.toleratedFailurePercentage = settings.toleratedFailurePercentage;
  if (settings.batcher) run.batched = true;
  return run;
}

/** Groups the items as ItemBatcher says: each child gets `{ BatchInput?, Items }`. */
export function batchItems(items: unknown[], settings: MapRunSettings): unknown[] {
  const batcher = settings.batcher;
  if (!batcher) return items;
  const maxItems = batcher.maxItemsPerBatch ?? Number.POSITIVE_INFINITY;
  const maxBytes = Math.min(batcher.maxInputBytesPerBatch ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES);
  const batches: unknown[][] = [];
  let current: unknown[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item) ?? 'null');
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches.map((batch) => (batcher.batchInput === undefined ? { Items: batch } : { BatchInput: batcher.batchInput, Items: batch }));
}

/** True once the failed children exceed the tolerated count or percentage (with neither set: any failure). */
export function exceedsTolerance(run: MapRunPhase, total: number): boolean {
  const count = run.toleratedFailureCount;
  const percentage = run.toleratedFailurePercentage;
  if (count === undefined && percentage === undefined) return run.failures > 0;
  return (count !== undefined && run.failures > count) || (percentage !== undefined && (run.failures / total) * 100 > percentage);
}

export const exceededThreshold = () => new StatesError(EXCEEDED_THRESHOLD, 'The specified tolerated failure threshold was exceeded');

/** The checks AWS makes of tolerated failure values read at run time. */
export function toleratedCountProblem(count: number): string | undefined {
  return count < 0 ? 'ToleratedFailureCount cannot be negative.' : undefined;
}
export function toleratedPercentageProblem(percentage: number): string | undefined {
  return percentage < 0 || percentage > 100 ? 'ToleratedFailurePercentage must be between 0 and 100.' : undefined;
}
