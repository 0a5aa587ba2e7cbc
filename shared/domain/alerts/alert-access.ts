import type { Caller } from '../access.ts';
import { LIVE_ALERT_STATUSES, type AlertRecord, type AlertStatus } from './alert.ts';

/**
 * Who may do what on the alert platform (408号 三（七）, 四（一）: the cooperation groups share
 * epidemic and abnormal-event information, HQ decides):
 *
 * - Publishing: HQ (in force at once) and any bureau's officer (waits for HQ's approval).
 *   Declarants read alerts, they do not raise them.
 * - Approving or rejecting a bureau's alert: HQ.
 * - Changing and withdrawing: HQ while the alert lives; a bureau its own alert only while it
 *   still waits for approval (once approved it is HQ's measure).
 * - Reading: every caller reads an alert once it has been put in force (declarants must know the
 *   measures); a proposal HQ has not approved is read by HQ and the bureau that raised it. The
 *   audit history (who did what) is HQ's.
 */
type AlertParties = Pick<AlertRecord, 'bureau' | 'status' | 'published'>;

const isLive = (status: AlertStatus) => (LIVE_ALERT_STATUSES as readonly AlertStatus[]).includes(status);

export function mayPublishAlert(caller: Caller): boolean {
  return caller.role === 'hq' || caller.role === 'officer';
}

export function mayDecideAlert(caller: Caller): boolean {
  return caller.role === 'hq';
}

/**
 * Whether the caller's role and bureau let it change or withdraw this alert; an alert that has
 * ended (`isLiveAlert`) is then a conflict, not a refusal.
 */
export function mayChangeAlert(caller: Caller, alert: AlertParties): boolean {
  if (caller.role === 'hq') return true;
  return caller.role === 'officer' && caller.bureau === alert.bureau && alert.status !== 'scheduled' && alert.status !== 'active';
}

export const isLiveAlert = (alert: Pick<AlertRecord, 'status'>) => isLive(alert.status);

export function mayViewAlert(caller: Caller, alert: AlertParties): boolean {
  return caller.role === 'hq' || alert.published || (caller.role === 'officer' && caller.bureau === alert.bureau);
}

export function mayReadAlertHistory(caller: Caller): boolean {
  return caller.role === 'hq';
}

/** Alert candidates (nonconformities by country and HS heading) are HQ's to act on. */
export function mayActOnCandidates(caller: Caller): boolean {
  return caller.role === 'hq';
}

/** An enterprise subscribes its own declarants to alert notices. */
export function maySubscribeToAlerts(caller: Caller): boolean {
  return caller.role === 'declarant' && caller.enterprise !== undefined;
}
