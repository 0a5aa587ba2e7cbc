import { calendarDateSchema } from '../domain/validators/calendar-date.ts';
import { hsPrefixSchema } from '../domain/validators/hs-code.ts';
import { bilingual } from '../domain/text.ts';

/**
 * Query parameters that listings share beyond paging (`pageQuerySchema`, which refuses any
 * parameter a listing does not declare).
 */

/** A day (`YYYY-MM-DD`) as a bound of a date range; days are Beijing days (UTC+8). */
export const dayQuerySchema = calendarDateSchema;

/** The first and last instant of a Beijing day, as inclusive bounds of a time range. */
export function beijingDayStart(day: string): string {
  return new Date(`${day}T00:00:00.000+08:00`).toISOString();
}
export function beijingDayEnd(day: string): string {
  return new Date(`${day}T23:59:59.999+08:00`).toISOString();
}

/** An HS heading or a longer prefix of a code: 4 to 10 digits (dots and spaces as tariffs write them are dropped). */
export const hsHeadingPrefixSchema = hsPrefixSchema.refine((prefix) => prefix.length >= 4, {
  error: bilingual('HS 编码查询须至少为 4 位品目', 'an HS code search needs at least the 4-digit heading'),
});
