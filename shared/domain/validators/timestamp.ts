import { z } from 'zod';
import { MAX_TIMESTAMP_LENGTH, tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';

/**
 * ISO 8601 date-time with an explicit offset (Z or ±hh:mm). Officers work across time zones
 * (Urumqi keeps Beijing time officially but not in practice), so a local time without offset
 * is ambiguous and refused.
 */
export const timestampSchema = z
  .iso.datetime({
    offset: true,
    error: bilingual(
      '时间须为带时区的 ISO 8601 格式，例如 2016-08-11T09:30:00+08:00',
      'timestamp must be ISO 8601 with an offset, e.g. 2016-08-11T09:30:00+08:00',
    ),
    abort: true,
  })
  // The format allows any number of fractional digits; nanoseconds are the most anyone records.
  .max(MAX_TIMESTAMP_LENGTH, { error: tooLong('时间', 'timestamp', MAX_TIMESTAMP_LENGTH) });

export function toEpochMillis(timestamp: string): number {
  return Date.parse(timestamp);
}
