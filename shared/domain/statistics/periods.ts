import { beijingDate } from '../validators/calendar-date.ts';

/**
 * The periods statistics are kept by: Beijing days (`2024-03-15`) and months (`2024-03`), the
 * days and months bureaus report by (UTC+8, no daylight saving). A window of whole days is read
 * as month items where it covers whole months, and as day items elsewhere; a month the window
 * covers mostly is read as the month minus the days it leaves out, so no month costs more than
 * half its days. A window of a year is thus at most 13 month items and 30 day items, whatever its
 * bounds (docs/data-model.md, "Statistics").
 */
export type Period = { kind: 'day'; day: string } | { kind: 'month'; month: string };

/** Inclusive Beijing days. */
export interface DayWindow {
  from: string;
  to: string;
}

/** What to read for a window: the sum of `add` minus the sum of `subtract`. */
export interface PeriodPlan {
  add: Period[];
  subtract: Period[];
}

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const beijingDayOf = (instant: string | Date): string => beijingDate(instant);
export const monthOf = (day: string): string => day.slice(0, 7);
export const addDays = (day: string, days: number): string => fromMs(toMs(day) + days * DAY_MS);
/** Days from `from` to `to`, both counted: 1 for the same day. */
export const daysBetween = (from: string, to: string): number => Math.round((toMs(to) - toMs(from)) / DAY_MS) + 1;

function monthBounds(month: string): { first: string; last: string; days: number } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}`, days };
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function daysFrom(first: string, last: string): Period[] {
  const out: Period[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) out.push({ kind: 'day', day });
  return out;
}

/**
 * The items that add up to the window. `today` (Beijing) says which days cannot hold anything
 * yet: a month still running is read whole, since its days after today are empty.
 */
export function periodsOf(window: DayWindow, today?: string): PeriodPlan {
  const plan: PeriodPlan = { add: [], subtract: [] };
  if (window.from > window.to) return plan;
  const to = today !== undefined && today < window.to ? today : window.to;
  if (window.from > to) return plan;
  for (let month = monthOf(window.from); month <= monthOf(to); month = nextMonth(month)) {
    const bounds = monthBounds(month);
    const first = window.from > bounds.first ? window.from : bounds.first;
    const last = to < bounds.last ? to : bounds.last;
    // Days after `today` are empty, so leaving them out costs nothing.
    const knownLast = today !== undefined && today < bounds.last ? today : bounds.last;
    const excludedBefore = daysBetween(bounds.first, first) - 1;
    const excludedAfter = knownLast > last ? daysBetween(last, knownLast) - 1 : 0;
    const included = daysBetween(first, last);
    if (excludedBefore + excludedAfter === 0) {
      plan.add.push({ kind: 'month', month });
    } else if (included <= excludedBefore + excludedAfter) {
      plan.add.push(...daysFrom(first, last));
    } else {
      plan.add.push({ kind: 'month', month });
      if (excludedBefore > 0) plan.subtract.push(...daysFrom(bounds.first, addDays(first, -1)));
      if (excludedAfter > 0) plan.subtract.push(...daysFrom(addDays(last, 1), knownLast));
    }
  }
  return plan;
}

/** `DAY#2024-03-15` or `MONTH#2024-03`: the sort key of an aggregate item. */
export const periodKey = (period: Period): string => (period.kind === 'day' ? `DAY#${period.day}` : `MONTH#${period.month}`);

/** The day and the month a moment counts in. */
export function periodsAt(instant: string | Date): [Period, Period] {
  const day = beijingDayOf(instant);
  return [
    { kind: 'day', day },
    { kind: 'month', month: monthOf(day) },
  ];
}

/** The last `days` days up to and including `today`. */
export const trailingWindow = (today: string, days: number): DayWindow => ({ from: addDays(today, -(days - 1)), to: today });
