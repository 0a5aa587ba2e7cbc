import type { AlertEvent, AlertRecord } from '../../domain/alerts/alert.ts';
import { alertEffectStateMachineArn } from '../../orchestration/state-machines.ts';
import { repos, workflows } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/**
 * Every change of an alert names one execution of the AlertEffect workflow, which carries what
 * follows: the notices, the re-planning of consignments in flight, and the waits for `validFrom`
 * and `validUntil` (Step Functions' Wait states, so the local cloud's TIME_SCALE speeds them up).
 * The name is written with the change (`effect.execution`), so that an execution of an older
 * change that wakes up finds it is not current and stops; and the alert stays in the outbox until
 * its execution is known to have started.
 */
export interface AlertEffectInput {
  alertId: string;
  event: AlertEvent;
  /** UTC in whole seconds, for the Wait states (`waitTimestamp`). */
  validFrom: string;
  validUntil: string;
  correlationId: string;
}

export const effectExecutionName = (alertId: string, version: number, event: AlertEvent) => `${alertId}-v${version}-${event}`;

/** The alert as a change leaves it: its timeline carried on by a new execution, not yet started. */
export function withNewEffect(alert: AlertRecord, event: AlertEvent): AlertRecord {
  return { ...alert, effect: { execution: effectExecutionName(alert.id, alert.version, event), event } };
}

/** Starts the execution the alert's last change named (again, if need be: names are unique), then marks it started. */
export async function startAlertEffect(alert: AlertRecord, correlationId: string = alert.id): Promise<void> {
  if (!alert.effect || alert.effect.startedAt !== undefined) return;
  const input: AlertEffectInput = { alertId: alert.id, event: alert.effect.event, validFrom: waitTimestamp(alert.validFrom), validUntil: waitTimestamp(alert.validUntil), correlationId };
  await workflows().start(alertEffectStateMachineArn(), alert.effect.execution, input);
  await repos().alerts.markEffectStarted(alert.id, alert.effect.execution, nowIso());
}

/**
 * A Wait state's `Timestamp`: RFC 3339 in whole seconds, `Z` (Step Functions truncates
 * milliseconds), rounded up so that the wait never ends before the instant.
 */
export function waitTimestamp(iso: string): string {
  return new Date(Math.ceil(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
