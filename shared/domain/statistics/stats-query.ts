import { z } from 'zod';
import { bureauCodeSchema, directionSchema, goodsCategorySchema, portCodeSchema, type BureauCode } from '../codes.ts';
import { bilingual } from '../text.ts';
import { isCalendarDate } from '../validators/calendar-date.ts';
import { creditCodeSchema } from '../validators/credit-code.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import type { AggregateTarget, StatisticsDimension, StatisticsScope } from './contribution.ts';
import { addDays, beijingDayOf, daysBetween, type DayWindow } from './periods.ts';

/**
 * GET /stats: which items answer a query. Statistics are kept per day, so a window is whole
 * Beijing days (a timestamp stands for its day), and per one dimension value in one scope, so a
 * query narrows by at most one of port, corridor, HS chapter, category and enterprise, within
 * every consignment or one bureau's (the direction is a split inside every item).
 */
export const MAX_STATS_WINDOW_DAYS = 366;
/** Without `from`, the year up to `to`. */
export const DEFAULT_STATS_WINDOW_DAYS = 365;

/** A day (`2024-03-15`) or an instant with an offset, which stands for its day in Beijing. */
export const dayOrInstantSchema = z
  .string({ error: bilingual('日期须为字符串', 'must be a date or timestamp') })
  .max(40, { error: bilingual('日期过长', 'too long for a date or timestamp') })
  .superRefine((value, ctx) => {
    if (isCalendarDate(value) || timestampSchema.safeParse(value).success) return;
    ctx.addIssue({
      code: 'custom',
      message: bilingual('须为日期（YYYY-MM-DD）或带时区的 ISO 8601 时间', 'must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with an offset'),
    });
  })
  .transform((value) => (isCalendarDate(value) ? value : beijingDayOf(value)));

/** The narrowing dimensions a query may name, at most one at a time. */
export const NARROWING = ['port', 'corridor', 'hsChapter', 'category', 'enterprise'] as const;
const DIMENSION_OF: Record<(typeof NARROWING)[number], StatisticsDimension> = {
  port: 'port',
  corridor: 'corridor',
  hsChapter: 'hs-chapter',
  category: 'category',
  enterprise: 'enterprise',
};

export const statsQuerySchema = z
  .object({
    /** First day (Beijing) of the window: a date, or a timestamp standing for its day. */
    from: dayOrInstantSchema.optional(),
    /** Last day, counted in full. */
    to: dayOrInstantSchema.optional(),
    port: portCodeSchema.optional(),
    bureau: bureauCodeSchema.optional(),
    /** A corridor id from the reference data, e.g. chongqing-duisburg. */
    corridor: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a corridor id such as chongqing-duisburg').optional(),
    direction: directionSchema.optional(),
    /** An HS chapter: the first two digits. */
    hsChapter: z.string().regex(/^\d{2}$/, bilingual('HS 章为两位数字', 'an HS chapter is two digits')).optional(),
    category: goodsCategorySchema.optional(),
    /** The Chinese party's unified social credit code. */
    enterprise: creditCodeSchema.optional(),
  })
  .superRefine((query, ctx) => {
    const named = NARROWING.filter((name) => query[name] !== undefined);
    for (const extra of named.slice(1)) {
      ctx.addIssue({
        code: 'custom',
        path: [extra],
        message: bilingual(
          `统计按单一维度保存：${named[0]} 与 ${extra} 不能同时使用`,
          `statistics are kept per one dimension: ${extra} cannot be combined with ${named[0]}`,
        ),
      });
    }
  });
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export type StatsQueryProblem = { path: 'from' | 'to'; message: string };

/** The window of whole days a query asks for, or why it cannot be answered. */
export function statsWindow(query: Pick<StatsQuery, 'from' | 'to'>, today: string): DayWindow | StatsQueryProblem {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_STATS_WINDOW_DAYS - 1));
  if (from <= to && daysBetween(from, to) > MAX_STATS_WINDOW_DAYS) {
    return {
      path: 'from',
      message: bilingual(
        `统计窗口最长 ${MAX_STATS_WINDOW_DAYS} 天：请缩小 from 至 to 的范围`,
        `a statistics window spans at most ${MAX_STATS_WINDOW_DAYS} days: narrow from … to`,
      ),
    };
  }
  return { from, to };
}

/** The one target whose items answer the query, in the scope of `bureau` (or every consignment). */
export function statsTarget(query: StatsQuery, bureau: BureauCode | undefined): AggregateTarget {
  const scope: StatisticsScope = bureau ?? 'ALL';
  const named = NARROWING.find((name) => query[name] !== undefined);
  if (named === undefined) return { scope, dimension: 'all', value: '-' };
  return { scope, dimension: DIMENSION_OF[named], value: String(query[named]) };
}
