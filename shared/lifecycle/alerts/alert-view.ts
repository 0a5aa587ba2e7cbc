import type { CallerIdentity } from '../../auth/claims.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import { mayReadAlertHistory, mayViewAlert } from '../../domain/alerts/alert-access.ts';
import type { AlertActor, AlertChange, AlertKind, AlertRecord, AlertStatus } from '../../domain/alerts/alert.ts';
import { NotFound } from '../errors.ts';
import { repos } from '../ports.ts';

/**
 * An alert as the API shows it. Every caller reads an alert in force (declarants must know the
 * measures); who at HQ or at a bureau acted is HQ's business, so others see the bureau only. The
 * workflow bookkeeping (`effect`) is HQ's too.
 */
export function alertView(alert: AlertRecord, caller: CallerIdentity) {
  if (caller.role === 'hq') return alert;
  const { effect: _effect, publishedBy, approval, rejection, withdrawal, ...visible } = alert;
  const bureauOf = (actor: AlertActor) => ({ role: actor.role, ...(actor.bureau !== undefined && { bureau: actor.bureau }) });
  return {
    ...visible,
    publishedBy: bureauOf(publishedBy),
    ...(approval && { approval: { at: approval.at, by: bureauOf(approval.by) } }),
    ...(rejection && { rejection: { at: rejection.at, by: bureauOf(rejection.by), reason: rejection.reason } }),
    ...(withdrawal && { withdrawal: { at: withdrawal.at, by: bureauOf(withdrawal.by), reason: withdrawal.reason } }),
  };
}

export type AlertView = ReturnType<typeof alertView>;

export interface AlertQuery extends PageRequest {
  active?: boolean | undefined;
  status?: AlertStatus | undefined;
  kind?: AlertKind | undefined;
  country?: string | undefined;
}

/**
 * GET /alerts: `active=true` lists the alerts in force, soonest to end first (the index the policy
 * reads); otherwise all, newest first, optionally one status. Narrowed by kind and country, and to
 * what the caller may read: HQ everything; a bureau the alerts put in force and its own proposals
 * (`status=pending-approval` or `rejected`); an enterprise the alerts put in force.
 */
export async function listAlerts(query: AlertQuery, caller: CallerIdentity): Promise<Page<AlertView>> {
  const { active, status, kind, country, ...page } = query;
  const proposals = status === 'pending-approval' || status === 'rejected';
  if (caller.role === 'declarant' && proposals) return { items: [] };
  const result = active
    ? await repos().alerts.listActiveFiltered({ kind, country }, page)
    : await repos().alerts.list(
        {
          status,
          kind,
          country,
          ...(caller.role !== 'hq' && (proposals ? { bureau: caller.bureau } : { published: true })),
        },
        page,
      );
  // Every active alert was put in force; the other listings are narrowed by the filters above.
  return { items: result.items.map((alert) => alertView(alert, caller)), ...(result.nextToken && { nextToken: result.nextToken }) };
}

/** GET /alerts/{id}: the alert; for HQ with its audit history. One the caller may not read does not exist for it. */
export async function alertDetail(id: string, caller: CallerIdentity): Promise<AlertView & { history?: AlertChange[] }> {
  const alert = await repos().alerts.find(id);
  if (!alert || !mayViewAlert(caller, alert)) throw new NotFound(`alert ${id} does not exist`);
  if (!mayReadAlertHistory(caller)) return alertView(alert, caller);
  return { ...alertView(alert, caller), history: await repos().alerts.history(id) };
}
