import { everyPage } from '../../data/pagination.ts';
import type { AlertRecord } from '../../domain/alerts/alert.ts';
import { subscriptionMatches } from '../../domain/alerts/alert-subscription.ts';
import { BUREAU_CODES, type BureauCode } from '../../domain/codes.ts';
import type { LocalisedText } from '../../domain/text.ts';
import type { BureauNotice } from '../../messaging/bureau-notices.ts';
import { stableInboxId } from '../../messaging/inbox.ts';
import { notices, repos } from '../ports.ts';

/**
 * The notices of the alert platform. Bureaus hear through their inbox and webhooks (the
 * notifications topic); subscribed enterprises in their inbox, written directly (they have no
 * webhooks, and a notice to thousands of them must not also fill a bureau's inbox). Every notice
 * has a stable inbox id (alert, what happened, version, recipient), so a retried step files each
 * notice once: "expired" reaches every inbox exactly once, however often the step runs.
 */
export const ALERT_NOTICES = {
  'took-effect': { zh: '预警通报生效', en: 'Alert in force' },
  changed: { zh: '预警通报变更', en: 'Alert changed' },
  expired: { zh: '预警通报到期', en: 'Alert expired' },
  withdrawn: { zh: '预警通报撤销', en: 'Alert withdrawn' },
  'approval-requested': { zh: '预警通报待总局审批', en: 'Alert awaiting HQ approval' },
  rejected: { zh: '预警通报未获批准', en: 'Alert rejected' },
  replanned: { zh: '预警生效：在途货物重新计划', en: 'Alert in force: consignment re-planned' },
} as const satisfies Record<string, LocalisedText>;
export type AlertNoticeKind = keyof typeof ALERT_NOTICES;

/** What every notice of an alert says about it, for a bureau's system to act on. */
export function alertFacts(alert: AlertRecord): Record<string, unknown> {
  return {
    alertId: alert.id,
    version: alert.version,
    status: alert.status,
    kind: alert.kind,
    measure: alert.measure,
    countries: alert.countries,
    hsPrefixes: alert.hsPrefixes,
    categories: alert.categories,
    validFrom: alert.validFrom,
    validUntil: alert.validUntil,
    description: alert.description,
  };
}

function noticeTo(bureau: BureauCode, kind: AlertNoticeKind, alert: AlertRecord, extra: Record<string, unknown> = {}): BureauNotice {
  return {
    bureau,
    kind: `alert:${kind}`,
    title: ALERT_NOTICES[kind],
    data: { ...alertFacts(alert), ...extra },
    inboxId: stableInboxId(alert.updatedAt, alert.id, kind, String(alert.version), bureau),
  };
}

/** Every bureau (HQ too) and every enterprise whose subscription the alert matches. */
export async function announceToAll(alert: AlertRecord, kind: AlertNoticeKind): Promise<void> {
  await notices().notify(BUREAU_CODES.map((bureau) => noticeTo(bureau, kind, alert)));
  const subscriptions = await everyPage((page) => repos().alertSubscriptions.listActive(page));
  for (const subscription of subscriptions.filter((s) => subscriptionMatches(s, alert))) {
    await repos().notifications.add(
      {
        bureau: alert.bureau,
        kind: `alert:${kind}`,
        title: ALERT_NOTICES[kind],
        data: alertFacts(alert),
        id: stableInboxId(alert.updatedAt, alert.id, kind, String(alert.version), subscription.enterprise),
      },
      { enterprise: subscription.enterprise },
    );
  }
}

/** One bureau: HQ asked to approve, or the bureau told its alert was rejected. */
export function announceTo(bureau: BureauCode, alert: AlertRecord, kind: AlertNoticeKind, extra: Record<string, unknown> = {}): Promise<void> {
  return notices().notify([noticeTo(bureau, kind, alert, extra)]);
}
