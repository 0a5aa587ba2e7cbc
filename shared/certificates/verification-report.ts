import { beijingDateTime } from '../domain/certificates/beijing-time.ts';
import type { CertificateVerification } from './verify-certificate.ts';

/** A verification as a person reads it in a terminal: the verdict first, then each problem where it is. */
export function formatVerificationReport(source: string, result: CertificateVerification): string {
  const lines: string[] = [];
  const serial = result.serial ? ` ${result.serial}` : '';
  lines.push(result.valid ? `VALID 有效: certificate${serial} (${source})` : `INVALID 无效: certificate${serial} (${source})`);
  const d = result.document;
  if (d) {
    const t = beijingDateTime(d.issuedAt);
    // An invalid certificate's signed content is still worth showing: it is what was really issued.
    if (!result.valid) lines.push('  what the issuing bureau signed 签发机构签署的内容:');
    lines.push(`  ${d.title.zh} ${d.title.en}`);
    lines.push(`  issued by ${d.issuingBureau.name.zh} ${d.issuingBureau.name.en} (${d.issuingBureau.code}) at ${t.date} ${t.time} Beijing time`);
    lines.push(`  consignment ${d.consignment.id}: ${d.decision.outcome}`);
  }
  if (result.kid) lines.push(`  signing key ${result.kid}`);
  for (const problem of result.problems) {
    const where = problem.path && !problem.message.startsWith(problem.path) ? `${problem.path}: ` : '';
    lines.push(`  ✗ [${problem.code}] ${where}${problem.message}`);
  }
  return lines.join('\n');
}
