import { z } from 'zod';
import { MAX_SEAL_NUMBER_LENGTH, tooLong } from './limits.ts';
import { bilingual } from './text.ts';
import { containerNumberSchema } from './validators/container-number.ts';

export const containerSchema = z.object({
  number: containerNumberSchema,
  /** The seal is what makes a container "sealed" for the high-risk agricultural measures. */
  sealNumber: z
    .string({ error: bilingual('封识号须为字符串', 'seal number must be a string') })
    .trim()
    .min(1, { error: bilingual('封识号不能为空', 'seal number must not be empty') })
    .max(MAX_SEAL_NUMBER_LENGTH, { error: tooLong('封识号', 'seal number', MAX_SEAL_NUMBER_LENGTH) })
    .optional(),
});
export type Container = z.infer<typeof containerSchema>;
