import { z } from 'zod';
import { bilingual } from '../text.ts';

/**
 * A calendar date as documents carry it (an invoice date, a departure date): `YYYY-MM-DD`, a day
 * that exists. A date has no time zone; comparisons with an instant use the day in Beijing,
 * where the documents are made out.
 */
const FORMAT = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!FORMAT.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day (`YYYY-MM-DD`) an instant falls on in Beijing (UTC+8, no daylight saving). */
export function beijingDate(instant: string | Date): string {
  const ms = (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + 8 * 3600 * 1000;
  return new Date(ms).toISOString().slice(0, 10);
}

export const calendarDateSchema = z
  .string({ error: bilingual('日期须为字符串', 'date must be a string') })
  .trim()
  .refine(isCalendarDate, { error: bilingual('日期须为 YYYY-MM-DD 格式的有效日期', 'date must be a valid YYYY-MM-DD date') });
