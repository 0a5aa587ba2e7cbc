/**
 * ASL timestamps: RFC 3339 (ISO-8601 extended offset date-time) with an uppercase `T` and a
 * `Z` or numeric offset, as Choice `Timestamp*` rules and Wait `Timestamp` require.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ASL timestamp, or undefined when the string is not one. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TIMESTAMP.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  if ((mo as number) < 1 || (mo as number) > 12 || (d as number) < 1 || (d as number) > 31 || (h as number) > 23 || (mi as number) > 59 || (s as number) > 59) {
    return undefined;
  }
  const days = new Date(Date.UTC(y as number, mo as number, 0)).getUTCDate();
  if ((d as number) > days) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

