import { z } from 'zod';
import { everyPage } from '../../data/pagination.ts';
import type { AlertRecord } from '../../domain/alerts/alert.ts';
import { inFlightProgress, replanForAlert, type Replanned } from '../../domain/alerts/alert-effects.ts';
import type { Consignment } from '../../domain/consignment.ts';
import { taskIdFor } from '../../domain/tasks/task-kinds.ts';
import { chinesePartyOf, inlandBureauOf } from '../../domain/consignment.ts';
import { stableInboxId } from '../../messaging/inbox.ts';
import { updateConsignment } from '../consignments/consignment-updates.ts';
import { notices, repos } from '../ports.ts';
import { alertFacts, ALERT_NOTICES } from './alert-notices.ts';
import { alertStepSchema } from './alert-effect.ts';
import { nowIso } from '../../clock.ts';

export const replanRequestSchema = alertStepSchema.extend({ consignmentId: z.string().min(1) });
export type ReplanRequest = z.infer<typeof replanRequestSchema>;

const INLAND_TASK = { import: 'destination-inspection', export: 'origin-inspection' } as const;

/** Whether the inland inspection (destination or origin) has been answered: its task exists and is closed. */
async function inlandAnswered(consignment: Consignment): Promise<boolean> {
  const task = await repos().tasks.find(taskIdFor(consignment.id, INLAND_TASK[consignment.direction]));
  return task !== undefined && task.status !== 'open';
}

/**
 * A consignment in flight that an alert in force covers is re-planned (408号 三（七）): the
 * measure applies as far as the consignment has not passed the step it concerns
 * (`replanForAlert`). A new port inspection is written only while the workflow has not yet routed
 * on the plan (`unlessPlanSettled`, the same item the workflow's PlanAfter step marks), so it is
 * either routed on or not recorded at all; a raised inland level only while the inland inspection
 * is unanswered, which the officer reads in the plan. The event `plan-changed` records the new
 * plan's decisions and the reason; the bureaus concerned and the declarant are told.
 */
export async function replanConsignment(request: ReplanRequest): Promise<{ consignmentId: string; replanned: boolean }> {
  const alert = await repos().alerts.find(request.alertId);
  if (!alert || alert.status !== 'active' || alert.effect?.execution !== request.execution) return { consignmentId: request.consignmentId, replanned: false };
  const answered = await inlandAnswered(await repos().consignments.get(request.consignmentId));
  const at = nowIso();
  let outcome: Replanned | undefined;
  const updated = await updateConsignment(request.consignmentId, (current) => {
    outcome = replanForAlert(current, alert, inFlightProgress(current, answered), at);
    if (!outcome) return undefined;
    const plan = outcome.plan;
    return {
      set: { inspectionPlan: plan },
      ...(outcome.portInspection && { unlessPlanSettled: true }),
      event: {
        type: 'plan-changed',
        actor: { role: 'system', subject: request.execution },
        data: {
          alertId: alert.id,
          alertVersion: alert.version,
          reason: outcome.reason,
          ...(outcome.portInspection && { portInspection: outcome.portInspection }),
          ...(outcome.level && { level: outcome.level }),
          plan: { portInspection: plan.portInspection, inlandLevel: (plan.destinationInspection ?? plan.originInspection)?.level, releaseBureau: plan.releaseBureau },
        },
        idempotencyKey: `${request.execution}:replanned`,
      },
    };
  });
  const change = outcome ?? (await earlierReplan(updated, alert.id, request.execution));
  if (!change) return { consignmentId: request.consignmentId, replanned: false };
  await tellBureaus(updated, alert, request.execution, change);
  return { consignmentId: updated.id, replanned: true };
}

type Change = Pick<Replanned, 'reason' | 'portInspection' | 'level'>;

/**
 * This execution re-planned the consignment before (a retried step): the change as its event
 * recorded it, so that the notices a crash may have kept back are sent, into the same inbox items.
 * Only looked for when the plan names the alert at all.
 */
async function earlierReplan(consignment: Consignment, alertId: string, execution: string): Promise<Change | undefined> {
  if (!consignment.inspectionPlan?.reasons.some((r) => r.refs?.includes(alertId))) return undefined;
  const events = await everyPage((page) => repos().consignments.events(consignment.id, page));
  const event = events.find((e) => e.idempotencyKey === `${execution}:replanned`);
  return event?.data ? (event.data as unknown as Change) : undefined;
}

/** The port and inland bureaus of the consignment, the inland one's notice also in the declarant's inbox. */
async function tellBureaus(consignment: Consignment, alert: AlertRecord, execution: string, outcome: Change): Promise<void> {
  const declarant = chinesePartyOf(consignment).creditCode;
  const inland = inlandBureauOf(consignment);
  await notices().notify(
    consignment.responsibleBureaus.map((bureau) => ({
      bureau,
      kind: 'alert:replanned',
      title: ALERT_NOTICES.replanned,
      consignmentId: consignment.id,
      data: {
        ...alertFacts(alert),
        reason: outcome.reason,
        ...(outcome.portInspection && { portInspection: outcome.portInspection }),
        ...(outcome.level && { level: outcome.level }),
      },
      // The alert's version time: the same for every attempt of this execution's step.
      inboxId: stableInboxId(alert.updatedAt, execution, consignment.id, bureau),
      ...(bureau === inland && declarant !== undefined && { enterprise: declarant }),
    })),
  );
}
