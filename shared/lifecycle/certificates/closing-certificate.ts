import type { Consignment } from '../../domain/consignment.ts';
import type { TerminalStatus } from '../../domain/consignment.ts';
import type { CertificateRecord } from '../../data/certificate-repository.ts';
import { everyPage } from '../../data/pagination.ts';
import { repos } from '../ports.ts';
import { issueCertificate, type CertificateIssue } from './issue-certificate.ts';

/**
 * What a lifecycle ends with (408号 三（六）: paperless from filing to release): an import's
 * inspection-and-quarantine certificate from the destination bureau, an export's electronic
 * clearance from the bureau that released it, or for a rejection the notice of the disposal
 * from the bureau that ordered it. A rejection without a disposal (nothing was inspected) has none.
 */
export function closingCertificateOf(consignment: Consignment, outcome: TerminalStatus): Omit<CertificateIssue, 'officer'> | undefined {
  const plan = consignment.inspectionPlan;
  const base = { consignmentId: consignment.id, subjectKey: consignment.id, consignment };
  if (outcome === 'rejected') {
    return consignment.disposal ? { ...base, kind: 'disposal-notice', issuingBureau: consignment.disposal.bureau } : undefined;
  }
  if (!plan) return undefined;
  if (consignment.direction === 'import') return { ...base, kind: 'import-inspection-certificate', issuingBureau: plan.releaseBureau };
  return { ...base, kind: 'export-clearance', issuingBureau: plan.clearanceDocument?.issuingBureau ?? plan.releaseBureau };
}

/** The officer whose answer decided the outcome: the last task an officer completed. */
async function decidingOfficer(consignmentId: string): Promise<{ subject: string } | undefined> {
  const events = await everyPage((page) => repos().consignments.events(consignmentId, page));
  const decision = events.findLast((event) => event.type.endsWith('-completed') && event.actor.role === 'officer' && event.actor.subject);
  return decision?.actor.subject ? { subject: decision.actor.subject } : undefined;
}

/** Issues the certificate a consignment closes with (once, whoever retries), or none. */
export async function issueClosingCertificate(consignment: Consignment, outcome: TerminalStatus): Promise<CertificateRecord | undefined> {
  const issue = closingCertificateOf(consignment, outcome);
  if (!issue) return undefined;
  const officer = await decidingOfficer(consignment.id);
  return issueCertificate({ ...issue, ...(officer && { officer }) });
}
