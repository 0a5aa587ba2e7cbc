import { z } from 'zod';
import { bilingual } from '../text.ts';

/**
 * Harmonized System codes: 6 digits internationally, extended to 8 (CN tariff) or 10 (CIQ
 * code) digits nationally. Chapter 77 is reserved and 98/99 are national, so a real goods line
 * lies in chapters 01-97 except 77.
 */
const HS_CODE = /^\d{6,10}$/;
const HS_PREFIX = /^\d{2,10}$/;

/** Tariff notation writes dots and spaces ("8471.30.00"); stored codes are digits only. */
export function normaliseHsCode(value: string): string {
  return value.replace(/[.\s]/g, '');
}

export function hsChapter(code: string): string {
  return code.slice(0, 2);
}

export function isRealHsChapter(code: string): boolean {
  const chapter = Number(hsChapter(code));
  return chapter >= 1 && chapter <= 97 && chapter !== 77;
}

/** An HS prefix (chapter, heading, ...) covers a code when the code starts with it. */
export function hsPrefixCovers(prefix: string, code: string): boolean {
  return code.startsWith(prefix);
}

export const hsCodeSchema = z
  .string({ error: bilingual('HS 编码须为字符串', 'HS code must be a string') })
  .overwrite(normaliseHsCode)
  .regex(HS_CODE, {
    error: bilingual('HS 编码须为 6 至 10 位数字', 'HS code must be 6 to 10 digits'),
    abort: true,
  })
  .refine(isRealHsChapter, {
    error: bilingual('HS 编码的章（前两位）不存在', 'HS code chapter (first two digits) does not exist'),
    abort: true,
  });

/** A commodity scope or alert target: an HS chapter (2 digits) or any longer prefix of a code. */
export const hsPrefixSchema = z
  .string({ error: bilingual('HS 编码前缀须为字符串', 'HS code prefix must be a string') })
  .overwrite(normaliseHsCode)
  .regex(HS_PREFIX, {
    error: bilingual('HS 编码前缀须为 2 至 10 位数字', 'HS code prefix must be 2 to 10 digits'),
    abort: true,
  })
  .refine(isRealHsChapter, {
    error: bilingual('HS 编码的章（前两位）不存在', 'HS code chapter (first two digits) does not exist'),
    abort: true,
  });
