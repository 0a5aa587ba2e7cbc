import { z } from 'zod';
import { MAX_CERTIFICATE_BODY_ID_LENGTH, MAX_CERTIFICATE_NUMBER_LENGTH, MAX_CERTIFICATE_SCOPE, tooLong, tooMany } from './limits.ts';
import { bilingual } from './text.ts';
import { hsPrefixSchema } from './validators/hs-code.ts';
import { timestampSchema } from './validators/timestamp.ts';

/** A result of a foreign third-party inspection, testing or certification body (§9). */
export const thirdPartyCertificateSchema = z
  .object({
    bodyId: z
      .string({ error: bilingual('机构编号须为字符串', 'body id must be a string') })
      .trim()
      .min(1, { error: bilingual('机构编号不能为空', 'body id must not be empty') })
      .max(MAX_CERTIFICATE_BODY_ID_LENGTH, { error: tooLong('机构编号', 'body id', MAX_CERTIFICATE_BODY_ID_LENGTH) }),
    certificateNumber: z
      .string({ error: bilingual('证书编号须为字符串', 'certificate number must be a string') })
      .trim()
      .min(1, { error: bilingual('证书编号不能为空', 'certificate number must not be empty') })
      .max(MAX_CERTIFICATE_NUMBER_LENGTH, { error: tooLong('证书编号', 'certificate number', MAX_CERTIFICATE_NUMBER_LENGTH) }),
    issuedAt: timestampSchema,
    validUntil: timestampSchema,
    /** HS codes or chapters/prefixes the certificate covers. */
    scope: z
      .array(hsPrefixSchema)
      .min(1, { error: bilingual('证书范围至少包含一个 HS 编码或章', 'scope needs at least one HS code or chapter') })
      .max(MAX_CERTIFICATE_SCOPE, { error: tooMany('证书范围的 HS 编码或章', 'HS codes or chapters in a scope', MAX_CERTIFICATE_SCOPE) }),
  })
  .superRefine((certificate, ctx) => {
    if (Date.parse(certificate.validUntil) <= Date.parse(certificate.issuedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: bilingual('有效期须晚于签发时间', 'validUntil must be after issuedAt'),
      });
    }
  });
export type ThirdPartyCertificate = z.infer<typeof thirdPartyCertificateSchema>;
