import { z } from 'zod';
import { bilingual } from '../text.ts';

/**
 * ISO 6346 freight container identification: owner code (3 letters), equipment category
 * identifier (U freight container, J detachable equipment, Z trailer/chassis), 6-digit serial
 * number and a check digit.
 */
const FORMAT = /^[A-Z]{3}[UJZ]\d{6}\d$/;

/** Letter values skip multiples of 11 (11, 22, 33) so no letter aliases the check modulus. */
function characterValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  let value = 10;
  for (let c = 65; c < ch.charCodeAt(0); c++) {
    value++;
    if (value % 11 === 0) value++;
  }
  return value;
}

/** Check digit for the first ten characters (owner code, category, serial). */
export function containerCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += characterValue(firstTen[i] ?? '0') * 2 ** i;
  return (sum % 11) % 10;
}

export function isValidContainerNumber(value: string): boolean {
  if (!FORMAT.test(value)) return false;
  return containerCheckDigit(value.slice(0, 10)) === Number(value[10]);
}

/** Containers are written with spaces or dashes on the door ("CSQU 305438 3"); store them bare. */
export function normaliseContainerNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

export const containerNumberSchema = z
  .string({ error: bilingual('集装箱号须为字符串', 'container number must be a string') })
  .overwrite(normaliseContainerNumber)
  .regex(FORMAT, {
    error: bilingual(
      '集装箱号格式错误，应为 4 个字母加 7 位数字（ISO 6346）',
      'container number must be 4 letters and 7 digits (ISO 6346)',
    ),
    abort: true,
  })
  .refine(isValidContainerNumber, {
    error: bilingual('集装箱号校验位错误', 'container number check digit is wrong'),
    abort: true,
  });
