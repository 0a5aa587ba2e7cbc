import { z } from 'zod';
import { TERMINAL_STATUSES, isTerminalStatus, type Consignment } from '../../domain/consignment.ts';
import type { ClearanceDocument } from '../../domain/lifecycle-records.ts';
import { updateConsignment } from './consignment-updates.ts';
import { notices } from '../ports.ts';

export const closeRequestSchema = z.object({
  consignmentId: z.string().min(1),
  outcome: z.enum(TERMINAL_STATUSES),
  executionArn: z.string().min(1),
  correlationId: z.string().min(1).optional(),
});
export type CloseRequest = z.infer<typeof closeRequestSchema>;

/** 电子通关单 number: issuing bureau, date, and the consignment, so it is unique and traceable. */
function clearanceFor(consignment: Consignment, at: string): ClearanceDocument | undefined {
  const route = consignment.inspectionPlan?.clearanceDocument;
  if (!route) return undefined;
  return {
    number: `${route.issuingBureau}${at.slice(0, 10).replaceAll('-', '')}${consignment.id.slice(-10)}`,
    issuedBy: route.issuingBureau,
    issuedAt: at,
  };
}

/**
 * The end of a lifecycle: release (with the electronic clearance document for an export, which
 * the port bureau is told of) or rejection (everyone involved and HQ are told). Runs once per
 * consignment: a terminal consignment is left as it is.
 */
export async function closeConsignment(request: CloseRequest): Promise<Consignment> {
  const at = new Date().toISOString();
  let closedNow = false;
  const consignment = await updateConsignment(request.consignmentId, (current) => {
    // Re-evaluated on every attempt: only the attempt whose write lands closed the consignment.
    closedNow = false;
    if (isTerminalStatus(current.status)) return undefined;
    closedNow = true;
    const clearanceDocument = request.outcome === 'released' ? clearanceFor(current, at) : undefined;
    return {
      status: request.outcome,
      ...(clearanceDocument && { set: { clearanceDocument } }),
      event: {
        type: request.outcome,
        actor: { role: 'system', subject: request.executionArn },
        ...(clearanceDocument && { data: { clearanceDocument } }),
        idempotencyKey: `${request.consignmentId}:${request.outcome}`,
      },
    };
  });
  if (!closedNow) return consignment;

  const released = request.outcome === 'released';
  const bureaus = released ? consignment.responsibleBureaus : [...consignment.responsibleBureaus, 'HQ'];
  await notices().notify(
    [...new Set(bureaus)].map((bureau) => ({
      bureau,
      kind: released ? 'released' : 'rejected',
      title: released ? { zh: '货物已放行', en: 'Consignment released' } : { zh: '货物未予放行', en: 'Consignment rejected' },
      consignmentId: consignment.id,
      data: {
        ...(consignment.clearanceDocument && { clearanceDocument: consignment.clearanceDocument }),
        ...(consignment.disposal && { disposal: consignment.disposal }),
      },
    })),
  );
  return consignment;
}
