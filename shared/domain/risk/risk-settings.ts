import { z } from 'zod';
import { bilingual } from '../text.ts';
import type { Actor } from '../train.ts';

/**
 * The thresholds by which nonconformity history sets risk grades (408号 三（二）: 及时调整检验检疫
 * 通关措施). HQ keeps one set for enterprises (the Chinese party) and one for (origin country, HS
 * heading) pairs; the grades feed the policy's inspection level at every filing.
 */
const rate = (zh: string, en: string) =>
  z
    .number({ error: bilingual(`${zh}须为 0 至 1 的数`, `${en} must be a number from 0 to 1`) })
    .min(0, { error: bilingual(`${zh}不小于 0`, `${en} must be at least 0`) })
    .max(1, { error: bilingual(`${zh}不大于 1`, `${en} must be at most 1`) });

const count = (zh: string, en: string) =>
  z
    .number({ error: bilingual(`${zh}须为整数`, `${en} must be an integer`) })
    .int({ error: bilingual(`${zh}须为整数`, `${en} must be an integer`) })
    .min(1, { error: bilingual(`${zh}至少为 1`, `${en} must be at least 1`) })
    .max(100_000, { error: bilingual(`${zh}不超过 100000`, `${en} must be at most 100000`) });

/** The longest history a grade reads: a year, as the statistics keep it at their cheapest (docs/data-model.md). */
export const MAX_GRADE_WINDOW_DAYS = 366;

export const gradeThresholdsSchema = z
  .object({
    /** Days of history, ending on the day of filing (Beijing). */
    windowDays: z
      .number({ error: bilingual('统计天数须为整数', 'windowDays must be an integer') })
      .int({ error: bilingual('统计天数须为整数', 'windowDays must be an integer') })
      .min(7, { error: bilingual('统计天数至少 7 天', 'windowDays must be at least 7') })
      .max(MAX_GRADE_WINDOW_DAYS, { error: bilingual(`统计天数不超过 ${MAX_GRADE_WINDOW_DAYS} 天`, `windowDays must be at most ${MAX_GRADE_WINDOW_DAYS}`) }),
    /** With fewer inspected consignments in the window the history says nothing: grade B. */
    minInspected: count('最少检验批数', 'minInspected'),
    /** Grade A (one level lower): at least this many inspected, at most this rate. `null`: no grade A. */
    gradeA: z.object({ minInspected: count('A 级最少检验批数', 'gradeA.minInspected'), maxRate: rate('A 级不合格率上限', 'gradeA.maxRate') }).strict().nullable(),
    /** Grade C (one level higher) from this nonconformity rate on. */
    gradeC: z.object({ minRate: rate('C 级不合格率', 'gradeC.minRate') }).strict(),
    /** Grade D (intensified) from this rate on. */
    gradeD: z.object({ minRate: rate('D 级不合格率', 'gradeD.minRate') }).strict(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.gradeD.minRate <= t.gradeC.minRate) {
      ctx.addIssue({ code: 'custom', path: ['gradeD', 'minRate'], message: bilingual('D 级不合格率须高于 C 级', 'gradeD.minRate must be above gradeC.minRate') });
    }
    if (t.gradeA && t.gradeA.maxRate >= t.gradeC.minRate) {
      ctx.addIssue({ code: 'custom', path: ['gradeA', 'maxRate'], message: bilingual('A 级不合格率上限须低于 C 级', 'gradeA.maxRate must be below gradeC.minRate') });
    }
    if (t.gradeA && t.gradeA.minInspected < t.minInspected) {
      ctx.addIssue({ code: 'custom', path: ['gradeA', 'minInspected'], message: bilingual('A 级最少检验批数不得少于 minInspected', 'gradeA.minInspected must be at least minInspected') });
    }
  });
export type GradeThresholds = z.infer<typeof gradeThresholdsSchema>;

export const riskSettingsSchema = z
  .object({
    /** The Chinese party's grade: its own consignments, both directions. */
    enterprise: gradeThresholdsSchema,
    /** A (country of origin, HS heading) pair's grade: every consignment carrying such goods. */
    commodity: gradeThresholdsSchema,
  })
  .strict();
export type RiskSettings = z.infer<typeof riskSettingsSchema>;

/** PUT /risk-settings: the whole set, from the version HQ read (0 while the defaults apply). */
export const riskSettingsChangeSchema = z
  .object({
    version: z
      .number({ error: bilingual('版本号须为整数', 'version must be an integer') })
      .int({ error: bilingual('版本号须为整数', 'version must be an integer') })
      .min(0, { error: bilingual('版本号不小于 0', 'version must be at least 0') }),
    settings: riskSettingsSchema,
    /** Why HQ changes them: kept in the audit history. */
    reason: z
      .string({ error: bilingual('原因须为字符串', 'reason must be a string') })
      .trim()
      .min(1, { error: bilingual('须说明调整原因', 'reason must not be empty') })
      .max(500, { error: bilingual('原因不超过 500 字', 'reason must be at most 500 characters') }),
  })
  .strict();
export type RiskSettingsChangeRequest = z.infer<typeof riskSettingsChangeSchema>;

/** What applies until HQ first sets its own: grades move only on a clear history. */
export const DEFAULT_RISK_SETTINGS: RiskSettings = {
  enterprise: { windowDays: 365, minInspected: 5, gradeA: { minInspected: 20, maxRate: 0 }, gradeC: { minRate: 0.1 }, gradeD: { minRate: 0.3 } },
  commodity: { windowDays: 365, minInspected: 10, gradeA: { minInspected: 50, maxRate: 0 }, gradeC: { minRate: 0.1 }, gradeD: { minRate: 0.3 } },
};

export interface RiskSettingsRecord {
  settings: RiskSettings;
  /** 0: the defaults, never changed; every change moves it on by one. */
  version: number;
  updatedAt?: string;
  updatedBy?: Actor;
}

/** One entry of the audit history: who changed which threshold from what to what, and why. */
export interface RiskSettingsChange {
  version: number;
  at: string;
  by: Actor;
  reason: string;
  /** `enterprise.gradeC.minRate` → its value before and after. */
  changes: Record<string, { from: unknown; to: unknown }>;
}

function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, out);
  } else out.set(path, value);
  return out;
}

/** The thresholds that differ, by path; a threshold that appears or goes (`gradeA: null`) is from or to null. */
export function settingsDiff(before: RiskSettings, after: RiskSettings): Record<string, { from: unknown; to: unknown }> {
  const a = leaves(before, '', new Map());
  const b = leaves(after, '', new Map());
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(path) ?? null;
    const to = b.get(path) ?? null;
    if (from !== to) changes[path] = { from, to };
  }
  return changes;
}

/** The next record and its history entry; `undefined` when nothing changes. */
export function changeRiskSettings(
  current: RiskSettingsRecord,
  request: RiskSettingsChangeRequest,
  meta: { at: string; by: Actor },
): { record: RiskSettingsRecord; change: RiskSettingsChange } | undefined {
  const changes = settingsDiff(current.settings, request.settings);
  if (Object.keys(changes).length === 0) return undefined;
  const version = current.version + 1;
  return {
    record: { settings: request.settings, version, updatedAt: meta.at, updatedBy: meta.by },
    change: { version, at: meta.at, by: meta.by, reason: request.reason, changes },
  };
}
