import { describe, expect, it } from 'vitest';
import { latestOccurrence, nextOccurrence, parseScheduleExpression, ScheduleExpressionError, type Recurrence } from '#local/scheduler/expressions.ts';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const recurrence = (expression: string, timezone: string, since: string, extra: Partial<Recurrence> = {}): Recurrence => ({
  expression: parseScheduleExpression(expression, timezone),
  since: t(since),
  ...extra,
});

describe('EventBridge Scheduler expressions', () => {
  it('at() is wall-clock time in ScheduleExpressionTimezone (default UTC), across daylight saving changes', () => {
    expect(parseScheduleExpression('at(2024-03-10T09:00:00)')).toEqual({ kind: 'at', at: t('2024-03-10T09:00:00Z') });
    expect(parseScheduleExpression('at(2024-03-10T09:00:00)', 'Asia/Shanghai')).toEqual({ kind: 'at', at: t('2024-03-10T01:00:00Z') });
    expect(parseScheduleExpression('at(2024-03-09T03:30:00)', 'America/New_York')).toEqual({ kind: 'at', at: t('2024-03-09T08:30:00Z') });
    expect(parseScheduleExpression('at(2024-03-10T03:30:00)', 'America/New_York')).toEqual({ kind: 'at', at: t('2024-03-10T07:30:00Z') });
  });

  it('cron() uses AWS’s six fields with day-of-week 1–7 = SUN–SAT, in the schedule’s time zone', () => {
    // Weekdays at 09:00 Beijing time: after Friday 10:00 Beijing the next is Monday 09:00.
    const weekdays = recurrence('cron(0 9 ? * MON-FRI *)', 'Asia/Shanghai', '2024-03-08T02:00:00Z');
    expect(iso(nextOccurrence(weekdays, t('2024-03-08T02:00:00Z')))).toBe('2024-03-11T01:00:00.000Z');
    // 2 is Monday in AWS cron.
    const mondays = recurrence('cron(30 12 ? * 2 *)', 'UTC', '2024-03-06T00:00:00Z');
    expect(iso(nextOccurrence(mondays, t('2024-03-06T00:00:00Z')))).toBe('2024-03-11T12:30:00.000Z');
    // 6#1 is the first Friday of the month.
    const firstFriday = recurrence('cron(0 8 ? * 6#1 *)', 'UTC', '2024-03-02T00:00:00Z');
    expect(iso(nextOccurrence(firstFriday, t('2024-03-02T00:00:00Z')))).toBe('2024-04-05T08:00:00.000Z');
    // L in day-of-month: the last day.
    const lastDay = recurrence('cron(0 0 L * ? *)', 'UTC', '2024-02-10T00:00:00Z');
    expect(iso(nextOccurrence(lastDay, t('2024-02-10T00:00:00Z')))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('cron() follows daylight saving time: 09:00 in Berlin is 08:00Z in winter and 07:00Z in summer', () => {
    const daily = recurrence('cron(0 9 * * ? *)', 'Europe/Berlin', '2024-03-29T12:00:00Z');
    const first = nextOccurrence(daily, t('2024-03-29T12:00:00Z'));
    const second = nextOccurrence(daily, first as number);
    const third = nextOccurrence(daily, second as number);
    expect([first, second, third].map(iso)).toEqual(['2024-03-30T08:00:00.000Z', '2024-03-31T07:00:00.000Z', '2024-04-01T07:00:00.000Z']);
  });

  it('cron() honours the year field and StartDate/EndDate', () => {
    const newYear2030 = recurrence('cron(0 0 1 1 ? 2030)', 'UTC', '2024-01-01T00:00:00Z');
    expect(iso(nextOccurrence(newYear2030, t('2024-06-01T00:00:00Z')))).toBe('2030-01-01T00:00:00.000Z');
    expect(nextOccurrence(newYear2030, t('2030-01-01T00:00:00Z'))).toBeUndefined();
    const hourly = recurrence('cron(0 * * * ? *)', 'UTC', '2024-01-01T00:00:00Z', { start: t('2024-01-02T00:00:00Z'), end: t('2024-01-02T02:00:00Z') });
    expect(iso(nextOccurrence(hourly, t('2024-01-01T00:30:00Z')))).toBe('2024-01-02T00:00:00.000Z');
    expect(iso(nextOccurrence(hourly, t('2024-01-02T00:00:00Z')))).toBe('2024-01-02T01:00:00.000Z');
    expect(nextOccurrence(hourly, t('2024-01-02T01:00:00Z'))).toBeUndefined();
  });

  it('rate() runs every interval from creation, or from StartDate (first run at StartDate)', () => {
    const fromCreation = recurrence('rate(5 minutes)', 'UTC', '2024-01-01T10:02:00Z');
    expect(iso(nextOccurrence(fromCreation, t('2024-01-01T10:02:00Z')))).toBe('2024-01-01T10:07:00.000Z');
    expect(iso(nextOccurrence(fromCreation, t('2024-01-01T10:07:00Z')))).toBe('2024-01-01T10:12:00.000Z');
    const fromStart = recurrence('rate(1 day)', 'UTC', '2024-01-01T00:00:00Z', { start: t('2024-01-05T06:00:00Z') });
    expect(iso(nextOccurrence(fromStart, t('2024-01-01T00:00:00Z')))).toBe('2024-01-05T06:00:00.000Z');
    expect(iso(nextOccurrence(recurrence('rate(1 hour)', 'UTC', '2024-01-01T00:00:00Z'), t('2024-01-01T00:00:00Z')))).toBe('2024-01-01T01:00:00.000Z');
  });

  it('collapses missed occurrences into the latest one (catch-up after downtime)', () => {
    const everyFive = recurrence('rate(5 minutes)', 'UTC', '2024-01-01T10:00:00Z');
    expect(iso(latestOccurrence(everyFive, t('2024-01-01T10:05:00Z'), t('2024-01-01T10:31:00Z')))).toBe('2024-01-01T10:30:00.000Z');
    const hourly = recurrence('cron(0 * * * ? *)', 'UTC', '2024-01-01T00:00:00Z');
    expect(iso(latestOccurrence(hourly, t('2024-01-01T01:00:00Z'), t('2024-01-01T05:00:00Z')))).toBe('2024-01-01T05:00:00.000Z');
    expect(latestOccurrence(hourly, t('2024-01-01T05:00:00Z'), t('2024-01-01T05:30:00Z'))).toBeUndefined();
  });

  it('rejects what EventBridge Scheduler rejects', () => {
    for (const bad of ['cron(0 9 * * MON *)', 'cron(0 9 ? * ? *)', 'cron(0 9 * *)', 'cron(0 9 15W * ? *)', 'rate(0 minutes)', 'rate(5 weeks)', 'at(2024-02-30T00:00:00)', 'at(2024-01-01 00:00:00)', 'every day']) {
      expect(() => parseScheduleExpression(bad), bad).toThrow(ScheduleExpressionError);
    }
    expect(() => parseScheduleExpression('rate(1 hour)', 'Mars/Olympus_Mons')).toThrow(/Invalid time zone/);
  });
});
