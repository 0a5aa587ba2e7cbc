import { z } from 'zod';
import { tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';

/**
 * The field shapes the coordination requests share (cases, the directory, reports, policy
 * notices), each refusing with a bilingual message that names the field.
 */

/** Free text a person writes: trimmed, not empty, at most `max` characters. */
export const text = (zh: string, en: string, max: number) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(max, { error: tooLong(zh, en, max) });

/** The version a caller read, for a change guarded by it (0: the thing was never written). */
export const versionReadSchema = z
  .number({ error: bilingual('版本号须为整数', 'version must be an integer') })
  .int({ error: bilingual('版本号须为整数', 'version must be an integer') })
  .min(0, { error: bilingual('版本号不小于 0', 'version must be at least 0') })
  .max(Number.MAX_SAFE_INTEGER, { error: bilingual('版本号过大', 'version is too large') });

/** True when no value occurs twice (lists of ids, ports). */
export const distinct = (values: readonly unknown[]) => new Set(values).size === values.length;
