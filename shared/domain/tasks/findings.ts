import { z } from 'zod';
import { MAX_FINDINGS_LENGTH, tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';

/**
 * What the inspector found, in words: optional on every task answer that has it (a whole task's,
 * a hand-over's, one sampled parcel's), and bounded alike wherever it is written.
 */
export const findingsSchema = z
  .string({ error: bilingual('查验情况须为字符串', 'findings must be a string') })
  .trim()
  .min(1, { error: bilingual('查验情况不能为空', 'findings must not be empty') })
  .max(MAX_FINDINGS_LENGTH, { error: tooLong('查验情况', 'findings', MAX_FINDINGS_LENGTH) })
  .optional();
