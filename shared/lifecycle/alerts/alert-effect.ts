import { z } from 'zod';
import { activateAlert, expireAlert, type AlertActor, type AlertRecord } from '../../domain/alerts/alert.ts';
import { coveredLines, measureEffect } from '../../domain/alerts/alert-effects.ts';
import { CONSIGNMENT_STATUSES, isTerminalStatus, type ConsignmentStatus } from '../../domain/consignment-status.ts';
import { currentLogger } from '../../observability/logger.ts';
import { repos } from '../ports.ts';
import { announceTo, announceToAll } from './alert-notices.ts';
import { nowIso } from '../../clock.ts';

/**
 * The steps of the AlertEffect workflow (workflows/build/alert-effect.ts). Each re-reads the alert
 * and acts only while its execution is the alert's current one (`effect.execution`): a change
 * made since named another, which does the rest. Each is safe to run again (Step Functions runs a
 * step at least once): state changes are version-guarded and happen once, notices have stable
 * inbox ids.
 */
export const alertStepSchema = z.object({
  alertId: z.string().min(1),
  /** `$states.context.Execution.Name`. */
  execution: z.string().min(1),
  correlationId: z.string().optional(),
});
export type AlertStep = z.infer<typeof alertStepSchema>;

const systemActor = (execution: string): AlertActor => ({ role: 'system', subject: execution });

/** The alert, if this execution still carries its timeline. */
async function currentFor(step: AlertStep): Promise<AlertRecord | undefined> {
  const alert = await repos().alerts.find(step.alertId);
  if (!alert || alert.effect?.execution !== step.execution) {
    currentLogger().info('alert step of a superseded execution: nothing to do', { alertId: step.alertId, execution: step.execution });
    return undefined;
  }
  return alert;
}

/** What the workflow does after the announcement: stop, wait for `validFrom`, or re-plan at once. */
export type AfterAnnouncement = 'end' | 'start' | 'replan';

/**
 * Tells who must hear of the change: HQ of a proposal to approve, the bureau of its rejected one,
 * everyone of an alert put in force, changed or withdrawn.
 */
export async function announceAlert(step: AlertStep): Promise<{ next: AfterAnnouncement }> {
  const alert = await currentFor(step);
  if (!alert) return { next: 'end' };
  switch (alert.status) {
    case 'pending-approval':
      await announceTo('HQ', alert, 'approval-requested', { raisedBy: alert.bureau });
      return { next: 'end' };
    case 'rejected':
      await announceTo(alert.bureau, alert, 'rejected', { reason: alert.rejection?.reason });
      return { next: 'end' };
    case 'withdrawn':
      // A proposal withdrawn by its bureau concerns HQ only; an alert that was in force, everyone.
      if (alert.published) await announceToAll(alert, 'withdrawn');
      else await announceTo('HQ', alert, 'withdrawn');
      return { next: 'end' };
    case 'scheduled':
      if (alert.effect?.event === 'changed') await announceToAll(alert, 'changed');
      return { next: 'start' };
    case 'active':
      // In force from this change (published, approved, or a scheduled start moved to the past), or changed while in force.
      await announceToAll(alert, alert.activatedAt === alert.updatedAt ? 'took-effect' : 'changed');
      return { next: 'replan' };
    case 'expired':
      return { next: 'end' };
  }
}

/** `validFrom` has come (the workflow's Wait): a scheduled alert takes effect, and everyone hears. */
export async function startAlert(step: AlertStep): Promise<{ active: boolean }> {
  let alert = await currentFor(step);
  if (!alert) return { active: false };
  if (alert.status === 'scheduled') {
    const outcome = activateAlert(alert, { at: nowIso(), by: systemActor(step.execution) });
    if (outcome.kind !== 'changed') return { active: false };
    alert = await repos().alerts.change(alert.id, { expectedVersion: alert.version, from: ['scheduled'], alert: outcome.alert, change: outcome.change });
  }
  if (alert.status !== 'active') return { active: false };
  await announceToAll(alert, 'took-effect');
  return { active: true };
}

/** `validUntil` has come: the alert expires, once, and everyone hears (again on a retry, into the same inbox items). */
export async function endAlert(step: AlertStep): Promise<{ expired: boolean }> {
  let alert = await currentFor(step);
  if (!alert) return { expired: false };
  if (alert.status === 'active') {
    const outcome = expireAlert(alert, { at: nowIso(), by: systemActor(step.execution) });
    if (outcome.kind !== 'changed') return { expired: false };
    alert = await repos().alerts.change(alert.id, { expectedVersion: alert.version, from: ['active'], alert: outcome.alert, change: outcome.change });
  }
  if (alert.status !== 'expired') return { expired: false };
  await announceToAll(alert, 'expired');
  return { expired: true };
}

/**
 * The statuses of consignments an alert can still change: every one before the end. Each is read
 * through its status index (full items), a page per step.
 */
export const IN_FLIGHT_STATUSES: readonly ConsignmentStatus[] = CONSIGNMENT_STATUSES.filter((status) => !isTerminalStatus(status));

/** Consignments read per step: full items (up to ~200 KB each at every limit), so a page stays well inside a Lambda's memory. */
const COVERAGE_PAGE = 50;

export const coverageRequestSchema = alertStepSchema.extend({
  cursor: z.object({ status: z.number().int().nonnegative(), nextToken: z.string().optional() }).nullable().optional(),
});
export type CoverageRequest = z.infer<typeof coverageRequestSchema>;

export interface CoveragePage {
  consignmentIds: string[];
  /** Where the next page starts; null when every in-flight status has been read. */
  cursor: { status: number; nextToken?: string } | null;
}

/**
 * One page of the consignments in flight that the alert covers (its countries and commodities,
 * and a measure that applies to their direction), for the workflow's Map to re-plan.
 */
export async function alertCoverage(request: CoverageRequest): Promise<CoveragePage> {
  const alert = await currentFor(request);
  if (!alert || alert.status !== 'active') return { consignmentIds: [], cursor: null };
  const index = request.cursor?.status ?? 0;
  const status = IN_FLIGHT_STATUSES[index];
  if (status === undefined) return { consignmentIds: [], cursor: null };
  const page = await repos().consignments.listInStatus(status, { limit: COVERAGE_PAGE, ...(request.cursor?.nextToken !== undefined && { nextToken: request.cursor.nextToken }) });
  const consignmentIds = page.items.filter((c) => measureEffect(alert.measure, c.direction) !== undefined && coveredLines(alert, c.goods).length > 0).map((c) => c.id);
  const cursor = page.nextToken !== undefined ? { status: index, nextToken: page.nextToken } : index + 1 < IN_FLIGHT_STATUSES.length ? { status: index + 1 } : null;
  return { consignmentIds, cursor };
}
