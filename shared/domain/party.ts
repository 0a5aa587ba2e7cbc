import { z } from 'zod';
import { riskGradeSchema } from './codes.ts';
import { MAX_PARTY_NAME_LENGTH, tooLong } from './limits.ts';
import { bilingual } from './text.ts';
import { countryCodeSchema } from './validators/country.ts';
import { creditCodeSchema } from './validators/credit-code.ts';

/** A consignor or consignee as written on a filing. */
export const partySchema = z.object({
  name: z
    .string({ error: bilingual('名称须为字符串', 'name must be a string') })
    .trim()
    .min(1, { error: bilingual('名称不能为空', 'name must not be empty') })
    .max(MAX_PARTY_NAME_LENGTH, { error: tooLong('名称', 'name', MAX_PARTY_NAME_LENGTH) }),
  country: countryCodeSchema,
  /** Required for the Chinese party (checked on the filing, which knows the direction). */
  creditCode: creditCodeSchema.optional(),
});
export type Party = z.infer<typeof partySchema>;

/** A Chinese enterprise known to the bureaus, keyed by its credit code, with its risk grade. */
export const enterpriseSchema = z.object({
  creditCode: creditCodeSchema,
  name: z.object({
    zh: z.string().trim().min(1, { error: bilingual('中文名称不能为空', 'Chinese name must not be empty') }),
    en: z.string().trim().min(1).optional(),
  }),
  riskGrade: riskGradeSchema,
});
export type Enterprise = z.infer<typeof enterpriseSchema>;
