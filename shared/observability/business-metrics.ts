import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { now } from '../clock.ts';

/**
 * The business events of the inspection workflows as CloudWatch metrics, in the Embedded Metric
 * Format (Powertools Metrics): each event is one EMF line on stdout, which CloudWatch Logs turns
 * into a metric on AWS, with no PutMetricData call and no IAM grant. Locally the lines are in the
 * process's output (`POWERTOOLS_METRICS_DISABLED=true` silences them).
 *
 * Every event is flushed at once (a single-metric instance per event), so concurrent invocations
 * in one local process never share a buffer and a handler has nothing to flush at its end.
 * Dimensions are few and bounded (direction, outcome, task kind, bureau code), as CloudWatch
 * bills per distinct combination.
 *
 * Where they are emitted: filing in functions/api/file-consignment.ts, release and rejection in
 * functions/steps/close-consignment.ts, escalation in functions/steps/open-task.ts, task
 * completion (with its latency) in functions/api/complete-task.ts.
 */
export const METRICS_NAMESPACE_DEFAULT = 'CrExpressInspection';

export type BusinessEvent =
  /** A consignment was filed (a replay of the same Idempotency-Key is not counted again). */
  | 'ConsignmentFiled'
  | 'ConsignmentReleased'
  | 'ConsignmentRejected'
  /** A task's deadline passed and it was escalated (bureau → lead bureau → HQ). */
  | 'TaskEscalated'
  | 'TaskCompleted';

type Dimensions = Partial<Record<'direction' | 'taskKind' | 'bureau' | 'level', string>>;

function emit(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number, dimensions: Dimensions): void {
  const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE_DEFAULT, singleMetric: true });
  for (const [dimension, dimensionValue] of Object.entries(dimensions)) {
    if (dimensionValue !== undefined) metrics.addDimension(dimension, dimensionValue);
  }
  metrics.addMetric(name, unit, value);
}

/** Counts one business event. Never throws: a metric is not worth failing the request it describes. */
export function recordBusinessEvent(event: Exclude<BusinessEvent, 'TaskCompleted'>, dimensions: Dimensions = {}): void {
  try {
    emit(event, MetricUnit.Count, 1, dimensions);
  } catch {
    // Metrics are best effort.
  }
}

/** A task answered by its bureau: counted, and how long it waited since it was opened. */
export function recordTaskCompletion(task: { kind: string; bureau: string; createdAt: string }, completedAt: Date = now()): void {
  try {
    const dimensions = { taskKind: task.kind, bureau: task.bureau };
    emit('TaskCompleted', MetricUnit.Count, 1, dimensions);
    const waited = completedAt.getTime() - Date.parse(task.createdAt);
    if (Number.isFinite(waited) && waited >= 0) emit('TaskCompletionLatency', MetricUnit.Milliseconds, waited, dimensions);
  } catch {
    // Metrics are best effort.
  }
}
