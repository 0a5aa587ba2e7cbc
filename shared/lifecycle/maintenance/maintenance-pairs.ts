import { z } from 'zod';
import type { CallerIdentity } from '../../auth/claims.ts';
import { chinesePartyOf, inlandBureauOf, type Consignment, type ConsignmentFiling } from '../../domain/consignment.ts';
import { MAINTENANCE_RULE, reExportDeadline, reExportDeadlineIssue, reExportIssue, type MaintenancePair, type MaintenanceStatus } from '../../domain/maintenance/maintenance-pair.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import { stableInboxId } from '../../messaging/inbox.ts';
import { maintenanceDeadlineStateMachineArn } from '../../orchestration/state-machines.ts';
import { nowIso } from '../../clock.ts';
import { waitTimestamp } from '../alerts/alert-workflow.ts';
import { notices, repos, workflows } from '../ports.ts';
import { InvalidInput, NotAllowed, NotFound, type InputIssue } from '../errors.ts';

/**
 * Global maintenance (全球维修, 408号 三（四）): the repair import opens a pair with its re-export
 * deadline and starts the MaintenanceDeadline workflow, which waits for the deadline (a Wait
 * state: on the engine's clock, so TIME_SCALE speeds it up) and then escalates a pair still open
 * (`escalateOverdue`); the re-export, citing the import, closes the pair. Both are done at filing.
 */
const pairs = () => repos().maintenance;

/** The MaintenanceDeadline execution of a pair: one per import, so a retried filing starts nothing more. */
export const deadlineExecutionName = (importId: string) => `maintenance-${importId}`;

export interface MaintenanceDeadlineInput {
  importId: string;
  /** RFC 3339 in whole seconds, for the Wait state. */
  reExportBy: string;
  correlationId: string;
}

/** Why the filing's maintenance part is refused against the clock and the register (400 naming the field, nothing written). */
export async function maintenanceIssuesAtFiling(filing: ConsignmentFiling, filingId: string, at: string): Promise<InputIssue[]> {
  if (filing.tradeMode !== 'global-maintenance' || filing.maintenance === undefined) return [];
  if (filing.direction === 'import') {
    if (filing.maintenance.reExportBy === undefined) return [];
    const message = reExportDeadlineIssue(filing.maintenance.reExportBy, at);
    return message === undefined ? [] : [{ path: 'maintenance.reExportBy', message }];
  }
  const importId = filing.maintenance.importId;
  if (filing.direction !== 'export' || importId === undefined) return [];
  const message = reExportIssue(await pairs().get(importId), chinesePartyOf(filing).creditCode, filingId);
  return message === undefined ? [] : [{ path: 'maintenance.importId', message, code: 'GLOBAL_MAINTENANCE_IMPORT_UNKNOWN', rule: MAINTENANCE_RULE }];
}

/** After the filing is stored: the import opens its pair and its deadline's wait; the re-export closes its import's pair. */
export async function recordMaintenance(consignment: Consignment, correlationId: string = consignment.id): Promise<void> {
  if (consignment.tradeMode !== 'global-maintenance') return;
  if (consignment.direction === 'import') {
    const pair = await pairs().open({
      importId: consignment.id,
      bureau: inlandBureauOf(consignment),
      enterprise: chinesePartyOf(consignment).creditCode ?? '',
      status: 'awaiting-re-export',
      filedAt: consignment.createdAt,
      reExportBy: reExportDeadline(consignment.maintenance, consignment.createdAt),
      version: 1,
    });
    const input: MaintenanceDeadlineInput = { importId: pair.importId, reExportBy: waitTimestamp(pair.reExportBy), correlationId };
    await workflows().start(maintenanceDeadlineStateMachineArn(), deadlineExecutionName(pair.importId), input);
  } else if (consignment.maintenance?.importId !== undefined) {
    await pairs().markReExported(consignment.maintenance.importId, consignment.id, consignment.createdAt);
  }
}

export const maintenanceStepSchema = z.object({ importId: z.string().min(1), correlationId: z.string().optional() });

/**
 * The MaintenanceDeadline step at the deadline: a pair whose goods are still in China is marked
 * overdue (once), and its supervising bureau, HQ and the enterprise hear of it.
 */
export async function escalateOverdue(input: z.infer<typeof maintenanceStepSchema>): Promise<{ escalated: boolean; status?: MaintenanceStatus }> {
  const at = nowIso();
  const pair = await pairs().get(input.importId);
  if (pair === undefined) return { escalated: false };
  const overdue = pair.status === 'awaiting-re-export' ? await pairs().markOverdue(pair.importId, at) : pair.status === 'overdue' ? pair : undefined;
  if (overdue === undefined) return { escalated: false, status: pair.status };
  const title = {
    zh: `全球维修货物 ${pair.importId} 逾期未复运出境（期限 ${pair.reExportBy}）`,
    en: `global-maintenance goods ${pair.importId} have not left by their deadline ${pair.reExportBy}`,
  };
  const escalatedAt = overdue.escalatedAt ?? at;
  await notices().notify(
    [pair.bureau, 'HQ'].map((bureau) => ({
      bureau,
      kind: 'maintenance-overdue',
      title,
      consignmentId: pair.importId,
      data: { importId: pair.importId, reExportBy: pair.reExportBy, enterprise: pair.enterprise },
      ...(bureau === pair.bureau && pair.enterprise !== '' && { enterprise: pair.enterprise }),
      inboxId: stableInboxId(escalatedAt, 'maintenance-overdue', pair.importId, bureau),
    })),
  );
  return { escalated: true, status: 'overdue' };
}

function mayRead(caller: CallerIdentity, pair: MaintenancePair): boolean {
  if (caller.role === 'hq') return true;
  if (caller.role === 'declarant') return caller.enterprise === pair.enterprise;
  return caller.bureau === pair.bureau;
}

export async function readMaintenancePair(importId: string, caller: CallerIdentity): Promise<MaintenancePair> {
  const pair = await pairs().get(importId);
  if (pair === undefined) throw new NotFound(`no global-maintenance import ${importId}`);
  if (!mayRead(caller, pair)) throw new NotAllowed(`the global-maintenance import ${importId} is supervised by ${pair.bureau}`);
  return pair;
}

/** An officer lists its bureau's pairs; HQ a bureau's, or every pair still in China by deadline. */
export async function listMaintenancePairs(query: { bureau?: string | undefined; status?: MaintenanceStatus | undefined }, caller: CallerIdentity, page: PageRequest): Promise<Page<MaintenancePair>> {
  if (caller.role === 'declarant') throw new NotAllowed('a declarant reads its own pairs by import id (GET /maintenance/{importId})');
  if (caller.role === 'officer') {
    if (query.bureau !== undefined && query.bureau !== caller.bureau) throw new NotAllowed(`an officer lists the pairs of its own bureau ${caller.bureau}`);
    return pairs().listByBureau(caller.bureau, query.status, page);
  }
  if (query.bureau !== undefined) return pairs().listByBureau(query.bureau, query.status, page);
  if (query.status === 're-exported') throw new InvalidInput([{ path: 'status', message: 'pairs that have left are listed per bureau: give bureau= with status=re-exported' }], 'query');
  return pairs().listOpen(query.status, page);
}
