import { CronExpressionParser } from 'cron-parser';

/**
 * EventBridge Scheduler's schedule expressions, evaluated in `ScheduleExpressionTimezone`
 * (default UTC; daylight saving handled by the time zone database):
 * - `at(yyyy-mm-ddThh:mm:ss)`: one time, wall-clock time in the time zone;
 * - `rate(value minute(s)|hour(s)|day(s))`: every interval from StartDate (first run at
 *   StartDate) or from creation (first run one interval later);
 * - `cron(minutes hours day-of-month month day-of-week year)`: AWS's six fields, day-of-week
 *   1–7 = SUN–SAT, exactly one of day-of-month and day-of-week is `?`; `L` and `#` work, `W`
 *   is not supported locally.
 */
export class ScheduleExpressionError extends Error {}

export type ScheduleExpression =
  | { kind: 'at'; at: number }
  | { kind: 'rate'; intervalMs: number }
  | { kind: 'cron'; fields: string; year: (year: number) => boolean; timezone: string };

export interface Recurrence {
  expression: ScheduleExpression;
  /** StartDate / EndDate (epoch ms), for recurring schedules only. */
  start?: number;
  end?: number;
  /** When the schedule was created or last updated (epoch ms). */
  since: number;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const LAST_YEAR = 2199;

export function assertTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new ScheduleExpressionError(`Invalid time zone: ${timezone}`);
  }
}

/** How far a time zone is ahead of UTC at an instant, in ms. */
function offsetMs(epochMs: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant a wall-clock time in a time zone names (two passes settle DST changes). */
export function zonedTimeToEpoch(wall: { year: number; month: number; day: number; hour: number; minute: number; second: number }, timezone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const first = guess - offsetMs(guess, timezone);
  return guess - offsetMs(first, timezone);
}

function yearMatcher(field: string): (year: number) => boolean {
  if (field === '*' || field === '?') return () => true;
  const parts = field.split(',').map((part) => {
    const match = /^(\*|\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(part);
    if (!match) throw new ScheduleExpressionError(`Invalid year field: ${field}`);
    const from = match[1] === '*' ? 1970 : Number(match[1]);
    const to = match[2] ? Number(match[2]) : match[3] || match[1] === '*' ? LAST_YEAR : from;
    const step = match[3] ? Number(match[3]) : 1;
    if (from < 1970 || to > LAST_YEAR || from > to || step < 1) throw new ScheduleExpressionError(`Invalid year field: ${field}`);
    return (year: number) => year >= from && year <= to && (year - from) % step === 0;
  });
  return (year) => parts.some((matches) => matches(year));
}

/** AWS day-of-week numbers (1 = Sunday) to cron-parser's (0 = Sunday). */
function dayOfWeekField(field: string): string {
  if (field === '?') return '*';
  if (field === 'L') return 'SAT';
  return field.replace(/(^|[,-])([1-7])(?=$|[,\-/L#])/g, (_, before: string, day: string) => `${before}${Number(day) - 1}`);
}

function parseCron(body: string, timezone: string): ScheduleExpression {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new ScheduleExpressionError('A cron expression has six fields: minutes hours day-of-month month day-of-week year');
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) throw new ScheduleExpressionError('Exactly one of day-of-month and day-of-week must be ?');
  if (/W/.test(dayOfMonth)) throw new ScheduleExpressionError('The W (nearest weekday) wildcard is not supported by the local scheduler');
  const cronFields = `0 ${minutes} ${hours} ${dayOfMonth === '?' ? '*' : dayOfMonth} ${month} ${dayOfWeekField(dayOfWeek)}`;
  try {
    CronExpressionParser.parse(cronFields, { tz: timezone });
  } catch (error) {
    throw new ScheduleExpressionError(`Invalid cron expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { kind: 'cron', fields: cronFields, year: yearMatcher(year), timezone };
}

export function parseScheduleExpression(expression: string, timezone = 'UTC'): ScheduleExpression {
  assertTimeZone(timezone);
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw new ScheduleExpressionError(`Invalid date in ${expression}`);
    }
    return { kind: 'at', at: zonedTimeToEpoch({ year, month, day, hour, minute, second }, timezone) };
  }
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) throw new ScheduleExpressionError('The rate value must be a positive integer');
    return { kind: 'rate', intervalMs: value * (UNIT_MS[(rate[2] ?? '').replace(/s$/, '')] ?? 0) };
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron?.[1]) return parseCron(cron[1], timezone);
  throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
}

function cronStep(expression: Extract<ScheduleExpression, { kind: 'cron' }>, from: number, direction: 'next' | 'prev'): number | undefined {
  const iterator = CronExpressionParser.parse(expression.fields, { currentDate: new Date(from), tz: expression.timezone });
  // Skip occurrences in years the year field excludes, up to the last year AWS accepts.
  for (let i = 0; i < 100_000; i++) {
    let instant: number;
    try {
      instant = (direction === 'next' ? iterator.next() : iterator.prev()).toDate().getTime();
    } catch {
      return undefined;
    }
    const year = new Date(instant).getUTCFullYear();
    if (year > LAST_YEAR || year < 1970) return undefined;
    if (expression.year(year)) return instant;
  }
  return undefined;
}

/** The first occurrence strictly after `after` (ms), or `undefined` when there is none. */
export function nextOccurrence(recurrence: Recurrence, after: number): number | undefined {
  const { expression, start, end } = recurrence;
  let next: number | undefined;
  switch (expression.kind) {
    case 'at':
      return expression.at > after ? expression.at : undefined;
    case 'rate': {
      const anchor = start ?? recurrence.since;
      const firstStep = start !== undefined ? 0 : 1;
      const step = Math.max(firstStep, Math.floor((after - anchor) / expression.intervalMs) + 1);
      next = anchor + step * expression.intervalMs;
      break;
    }
    case 'cron':
      next = cronStep(expression, Math.max(after, (start ?? -Infinity) - 1), 'next');
      break;
  }
  return next !== undefined && (end === undefined || next < end) ? next : undefined;
}

/** The last occurrence at or before `at` (ms) and after `after`, for catching up after downtime. */
export function latestOccurrence(recurrence: Recurrence, after: number, at: number): number | undefined {
  const { expression } = recurrence;
  let latest: number | undefined;
  if (expression.kind === 'at') latest = expression.at;
  else if (expression.kind === 'rate') {
    const anchor = recurrence.start ?? recurrence.since;
    const steps = Math.floor((at - anchor) / expression.intervalMs);
    latest = steps >= (recurrence.start !== undefined ? 0 : 1) ? anchor + steps * expression.intervalMs : undefined;
  } else latest = cronStep(expression, at + 1, 'prev');
  if (latest === undefined || latest <= after || latest > at) return undefined;
  if (recurrence.end !== undefined && latest >= recurrence.end) return undefined;
  if (expression.kind !== 'at' && recurrence.start !== undefined && latest < recurrence.start) return undefined;
  return latest;
}
