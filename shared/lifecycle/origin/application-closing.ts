import { z } from 'zod';
import type { OriginCertificateApplication } from '../../domain/origin/origin-application.ts';
import { FORM_RULES } from '../../domain/origin/origin-forms.ts';
import { notices } from '../ports.ts';

/** What the OriginCertificate workflow's last steps (issue, or close refused) receive. */
export const closeApplicationRequestSchema = z.object({
  applicationId: z.string().min(1),
  executionArn: z.string().min(1),
  correlationId: z.string().min(1).optional(),
});
export type CloseApplicationRequest = z.infer<typeof closeApplicationRequestSchema>;

/**
 * The decision goes to the applicant's enterprise inbox, and its copy to the origin bureau's. A
 * retried step tells again: rare, and harmless (the same decision twice).
 */
export function tellApplicant(
  application: OriginCertificateApplication,
  notice: { kind: string; title: { zh: string; en: string }; data: Record<string, unknown> },
): Promise<void> {
  return notices().notify([
    {
      bureau: application.originBureau,
      enterprise: application.applicant.enterprise,
      kind: notice.kind,
      title: notice.title,
      consignmentId: application.consignmentId,
      data: { applicationId: application.id, form: application.form, formTitle: FORM_RULES[application.form].title, ...notice.data },
    },
  ]);
}
