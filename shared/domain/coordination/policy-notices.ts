import { z } from 'zod';
import type { Caller } from '../access.ts';
import type { BureauCode } from '../codes.ts';
import { MAX_COORDINATION_BODY_LENGTH, MAX_COORDINATION_TITLE_LENGTH, MAX_URL_LENGTH, tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';
import type { Actor } from '../train.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { text } from './fields.ts';

/**
 * Policy notices for enterprises (408号 三（十）: "加大对企业的宣传引导，让企业能全面享受检验检疫
 * 相关政策支持和通关便利服务"): HQ or a bureau publishes one; anyone reads the feed, without a token.
 */
export const policyNoticeSchema = z.strictObject({
  title: text('标题', 'title', MAX_COORDINATION_TITLE_LENGTH),
  body: text('正文', 'body', MAX_COORDINATION_BODY_LENGTH),
  /** When the policy takes effect, if not at once. */
  effectiveFrom: timestampSchema.optional(),
  /** The full text on the publisher's own site. */
  url: z
    .string({ error: bilingual('链接须为字符串', 'url must be a string') })
    .trim()
    .max(MAX_URL_LENGTH, { error: tooLong('链接', 'url', MAX_URL_LENGTH), abort: true })
    .pipe(z.url({ protocol: /^https$/, error: bilingual('链接须为 https 地址', 'url must be an https URL') }))
    .optional(),
});
export type PolicyNoticeRequest = z.infer<typeof policyNoticeSchema>;

export interface PolicyNotice {
  id: string;
  title: string;
  body: string;
  effectiveFrom?: string;
  url?: string;
  /** The publishing bureau (HQ for HQ's own). */
  bureau: BureauCode;
  /** Who published it: kept for the record, never in the public feed. */
  publishedBy: Actor;
  publishedAt: string;
}

export const mayPublishPolicyNotice = (caller: Caller): boolean => caller.role === 'officer' || caller.role === 'hq';

export function createPolicyNotice(request: PolicyNoticeRequest, meta: { id: string; at: string; by: Actor & { bureau: BureauCode } }): PolicyNotice {
  return {
    id: meta.id,
    title: request.title,
    body: request.body,
    ...(request.effectiveFrom !== undefined && { effectiveFrom: request.effectiveFrom }),
    ...(request.url !== undefined && { url: request.url }),
    bureau: meta.by.bureau,
    publishedBy: meta.by,
    publishedAt: meta.at,
  };
}

/** The notice as the public feed shows it: no officer's identity. */
export function publicNotice(notice: PolicyNotice) {
  const { publishedBy: _publishedBy, ...shown } = notice;
  return shown;
}
