import { z } from 'zod';
import { bilingual } from '../text.ts';

/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015: registration authority (1),
 * organisation category (1), administrative division (6 digits), organisation code (9) and a
 * check character. The alphabet has 31 characters: digits and capitals without I, O, Z, S, V,
 * which are too easily misread.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CHAR = `[${ALPHABET}]`;
const FORMAT = new RegExp(`^${CHAR}{2}\\d{6}${CHAR}{10}$`);

/** Weights are 3^i mod 31 for positions 1..17. */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** The check character for the first 17 characters, or undefined if one is outside the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return undefined;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check];
}

export function isValidCreditCode(value: string): boolean {
  if (!FORMAT.test(value)) return false;
  return creditCodeCheckCharacter(value.slice(0, 17)) === value[17];
}

export const creditCodeSchema = z
  .string({ error: bilingual('统一社会信用代码须为字符串', 'credit code must be a string') })
  .overwrite((value) => value.trim().toUpperCase())
  .regex(FORMAT, {
    error: bilingual(
      '统一社会信用代码须为 18 位（不含 I、O、Z、S、V）',
      'unified social credit code must be 18 characters (no I, O, Z, S, V)',
    ),
    abort: true,
  })
  .refine(isValidCreditCode, {
    error: bilingual('统一社会信用代码校验码错误', 'unified social credit code check character is wrong'),
    abort: true,
  });
