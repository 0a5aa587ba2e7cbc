import { ulid } from 'ulid';
import type { CallerIdentity } from '../../auth/claims.ts';
import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import { isLiveAlert, mayChangeAlert, mayDecideAlert, mayPublishAlert } from '../../domain/alerts/alert-access.ts';
import {
  approveAlert,
  changeAlert,
  publishAlert,
  rejectAlert,
  withdrawAlert,
  type AlertActor,
  type AlertApproval,
  type AlertChangeRequest,
  type AlertEnding,
  type AlertEvent,
  type AlertOutcome,
  type AlertPublication,
  type AlertRecord,
  type AlertStatus,
} from '../../domain/alerts/alert.ts';
import { deterministicId } from '../deterministic-id.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { startAlertEffect, withNewEffect } from './alert-workflow.ts';
import { nowIso } from '../../clock.ts';

/**
 * Publishing, approving, rejecting, changing and withdrawing alerts (408号 三（七）). Each is one
 * version-guarded write of the alert with its history entry, naming the AlertEffect execution
 * that then notifies the bureaus and subscribed enterprises, re-plans consignments in flight and
 * waits for the alert's start and end; the request starts it, the outbox relay if a crash did not.
 */
export const actorOf = (caller: CallerIdentity): AlertActor => ({ role: caller.role === 'hq' ? 'hq' : 'officer', bureau: caller.bureau, subject: caller.subject });

const now = nowIso;

async function current(id: string): Promise<AlertRecord> {
  const alert = await repos().alerts.find(id);
  if (!alert) throw new NotFound(`alert ${id} does not exist`);
  return alert;
}

/** The version the caller read must still be the alert's: a change made meanwhile is not overwritten. */
function refuseStale(alert: AlertRecord, version: number | undefined): void {
  if (version !== undefined && version !== alert.version) {
    throw new Conflict(`alert ${alert.id} is at version ${alert.version}, not ${version}: read it again and decide on what it says now`);
  }
}

function refuseEnded(alert: AlertRecord, what: string): void {
  if (!isLiveAlert(alert)) throw new Conflict(`alert ${alert.id} is ${alert.status}: an alert that has ended is not ${what}`);
}

/** The outcome's alert, or the request's fields refused one by one. */
function changed(outcome: AlertOutcome): Extract<AlertOutcome, { kind: 'changed' }> | undefined {
  if (outcome.kind === 'invalid') throw new InvalidInput(outcome.problems);
  return outcome.kind === 'unchanged' ? undefined : outcome;
}

/** Writes a change at the version read and starts what follows it. */
async function commit(before: AlertRecord, outcome: Extract<AlertOutcome, { kind: 'changed' }>, event: AlertEvent, from: readonly AlertStatus[], correlationId?: string): Promise<AlertRecord> {
  const stored = await repos().alerts.change(before.id, { expectedVersion: before.version, from, alert: withNewEffect(outcome.alert, event), change: outcome.change });
  await startAlertEffect(stored, correlationId);
  return stored;
}

/**
 * POST /alerts: HQ's alert is in force at once (or scheduled for its `validFrom`); a bureau's
 * waits for HQ. A keyed retry (same caller, same Idempotency-Key) lands on the same alert.
 */
export async function publish(
  publication: AlertPublication,
  caller: CallerIdentity,
  options: { idempotencyKey?: string | undefined; correlationId?: string | undefined; fromCandidate?: AlertRecord['fromCandidate'] } = {},
): Promise<AlertRecord> {
  if (!mayPublishAlert(caller)) throw new NotAllowed('only a bureau officer or HQ publishes alerts; enterprises read them');
  const id = options.idempotencyKey === undefined ? ulid() : deterministicId(caller.subject, 'alert', options.idempotencyKey);
  if (options.idempotencyKey !== undefined) {
    const earlier = await repos().alerts.find(id);
    if (earlier) {
      // Published before by this very request, whose answer was lost: finish what may not have followed it.
      await startAlertEffect(earlier, options.correlationId);
      return earlier;
    }
  }
  const outcome = changed(publishAlert(publication, { id, at: now(), by: actorOf(caller), bureau: caller.bureau, ...(options.fromCandidate && { fromCandidate: options.fromCandidate }) }));
  if (!outcome) throw new Error('a publication always makes an alert');
  const stored = await repos().alerts.create(withNewEffect(outcome.alert, 'published'), outcome.change);
  await startAlertEffect(stored, options.correlationId);
  return stored;
}

/** POST /alerts/{id}/approve: HQ puts a bureau's alert in force (from its `validFrom`). */
export async function approve(id: string, request: AlertApproval, caller: CallerIdentity, correlationId?: string): Promise<AlertRecord> {
  if (!mayDecideAlert(caller)) throw new NotAllowed('only HQ approves alerts');
  const alert = await current(id);
  refuseStale(alert, request.version);
  if (alert.status !== 'pending-approval') throw new Conflict(`alert ${id} is ${alert.status}: only an alert awaiting approval is approved`);
  const outcome = approveAlert(alert, { at: now(), by: actorOf(caller) });
  // The window is the bureau's: HQ changes it (PATCH) before approving an alert whose end has come.
  if (outcome.kind === 'invalid') throw new Conflict(`alert ${id} cannot be put in force as it is: ${outcome.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  if (outcome.kind === 'unchanged') return alert;
  return commit(alert, outcome, 'approved', ['pending-approval'], correlationId);
}

/** POST /alerts/{id}/reject: HQ turns a bureau's alert down, with the reason the bureau reads. */
export async function reject(id: string, request: AlertEnding, caller: CallerIdentity, correlationId?: string): Promise<AlertRecord> {
  if (!mayDecideAlert(caller)) throw new NotAllowed('only HQ rejects alerts');
  const alert = await current(id);
  refuseStale(alert, request.version);
  if (alert.status !== 'pending-approval') throw new Conflict(`alert ${id} is ${alert.status}: only an alert awaiting approval is rejected`);
  const outcome = changed(rejectAlert(alert, request.reason, { at: now(), by: actorOf(caller) }));
  return outcome ? commit(alert, outcome, 'rejected', ['pending-approval'], correlationId) : alert;
}

/** PATCH /alerts/{id}: from the version read; every caller is told of a change to an alert in force. */
export async function change(id: string, request: AlertChangeRequest, caller: CallerIdentity, correlationId?: string): Promise<AlertRecord> {
  const alert = await current(id);
  if (!mayChangeAlert(caller, alert)) throw new NotAllowed(`only HQ changes alert ${id}${alert.bureau === caller.bureau ? ' once it has been approved' : ''}`);
  refuseEnded(alert, 'changed');
  refuseStale(alert, request.version);
  const outcome = changed(changeAlert(alert, request, { at: now(), by: actorOf(caller) }));
  return outcome ? commit(alert, outcome, 'changed', [alert.status], correlationId) : alert;
}

/**
 * POST /alerts/{id}/withdraw: the alert ends now, with the reason. Without a version it applies to
 * the alert as it is, re-read after a lost race.
 */
export async function withdraw(id: string, request: AlertEnding, caller: CallerIdentity, correlationId?: string): Promise<AlertRecord> {
  const attempt = async () => {
    const alert = await current(id);
    if (!mayChangeAlert(caller, alert)) throw new NotAllowed(`only HQ withdraws alert ${id}${alert.bureau === caller.bureau ? ' once it has been approved' : ''}`);
    refuseEnded(alert, 'withdrawn');
    refuseStale(alert, request.version);
    const outcome = changed(withdrawAlert(alert, request.reason, { at: now(), by: actorOf(caller) }));
    return outcome ? commit(alert, outcome, 'withdrawn', [alert.status], correlationId) : alert;
  };
  return request.version !== undefined ? attempt() : retryOnConflict(attempt, 3);
}
