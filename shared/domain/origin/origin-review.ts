import { z } from 'zod';
import { MAX_FINDINGS_LENGTH, tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';

/**
 * The origin bureau's answer to an `origin-certificate-review` task (POST /tasks/{id}/complete):
 * approve, with remarks if the officer has any, or refuse, saying why (the applicant reads the
 * reason). The workflow routes on `decision`.
 */
const note = (zh: string, en: string) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(MAX_FINDINGS_LENGTH, { error: tooLong(zh, en, MAX_FINDINGS_LENGTH) })
    .optional();

export const ORIGIN_REVIEW_DECISIONS = ['approve', 'refuse'] as const;

export const originReviewShape = {
  decision: z.enum(ORIGIN_REVIEW_DECISIONS, { error: bilingual('审核结论须为 approve 或 refuse', 'decision must be approve or refuse') }),
  remarks: note('审核意见', 'remarks'),
  reason: note('拒签理由', 'reason'),
};

export type OriginReviewResult = { decision: 'approve' | 'refuse'; remarks?: string | undefined; reason?: string | undefined };

export function originReviewRules(result: OriginReviewResult, ctx: z.RefinementCtx): void {
  if (result.decision === 'refuse' && result.reason === undefined) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: bilingual('拒绝签证须说明理由', 'a refusal gives its reason') });
  }
  if (result.decision === 'approve' && result.reason !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: bilingual('同意签证不填拒签理由（意见请填 remarks）', 'an approval has no reason (use remarks)') });
  }
}

export const originReviewResultSchema = z.object(originReviewShape).superRefine(originReviewRules);
