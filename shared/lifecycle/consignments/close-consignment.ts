import { z } from 'zod';
import { TERMINAL_STATUSES, isTerminalStatus, type Consignment } from '../../domain/consignment.ts';
import type { ClearanceDocument } from '../../domain/lifecycle-records.ts';
import type { CertificateRecord } from '../../data/certificate-repository.ts';
import { issueClosingCertificate } from '../certificates/closing-certificate.ts';
import { settlePermits } from '../permits/settle-permits.ts';
import { recordClosingStatistics } from '../statistics/record-closing-statistics.ts';
import { updateConsignment } from './consignment-updates.ts';
import { notices, repos } from '../ports.ts';

export const closeRequestSchema = z.object({
  consignmentId: z.string().min(1),
  outcome: z.enum(TERMINAL_STATUSES),
  executionArn: z.string().min(1),
  correlationId: z.string().min(1).optional(),
});
export type CloseRequest = z.infer<typeof closeRequestSchema>;

/** The electronic clearance (电子通关单) is the export-clearance certificate: its number is the certificate's serial. */
function clearanceFrom(certificate: CertificateRecord | undefined): ClearanceDocument | undefined {
  if (certificate?.kind !== 'export-clearance') return undefined;
  return { number: certificate.serial, issuedBy: certificate.issuingBureau, issuedAt: certificate.issuedAt, certificateId: certificate.id };
}

/**
 * The end of a lifecycle: release or rejection with the signed certificate it closes with (for an
 * export, its number is the electronic clearance the port bureau is told of; a rejection tells
 * everyone involved and HQ), and the permits written off or returned. Closes once per
 * consignment: a terminal consignment is left as it is.
 */
export async function closeConsignment(request: CloseRequest): Promise<Consignment> {
  const closed = await closeOnce(request);
  // On every attempt, also one that finds the consignment closed: a crashed attempt's write-off
  // is finished, and a finished one is not repeated.
  if (isTerminalStatus(closed.status)) await settlePermits(closed, closed.status);
  // Likewise the statistics (408号 三（二）): counted once, a count a crash interrupted finished.
  await recordClosingStatistics(closed);
  return closed;
}

async function closeOnce(request: CloseRequest): Promise<Consignment> {
  const before = await repos().consignments.get(request.consignmentId);
  if (isTerminalStatus(before.status)) return before;
  // Issued before the close is written: a retry after a crash finds the same certificate.
  const certificate = await issueClosingCertificate(before, request.outcome);
  const reference = certificate && { id: certificate.id, serial: certificate.serial, kind: certificate.kind };
  let closedNow = false;
  const consignment = await updateConsignment(request.consignmentId, (current) => {
    // Re-evaluated on every attempt: only the attempt whose write lands closed the consignment.
    closedNow = false;
    if (isTerminalStatus(current.status)) return undefined;
    closedNow = true;
    const clearanceDocument = clearanceFrom(certificate);
    return {
      status: request.outcome,
      ...(reference && { set: { certificates: [...(current.certificates ?? []), reference], ...(clearanceDocument && { clearanceDocument }) } }),
      event: {
        type: request.outcome,
        actor: { role: 'system', subject: request.executionArn },
        ...(reference && { data: { certificate: reference, ...(clearanceDocument && { clearanceDocument }) } }),
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
        ...(reference && { certificate: reference }),
        ...(consignment.disposal && { disposal: consignment.disposal }),
      },
    })),
  );
  return consignment;
}
