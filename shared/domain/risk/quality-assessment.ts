import { z } from 'zod';
import { directionSchema, type Direction } from '../codes.ts';
import { COUNTER } from '../statistics/contribution.ts';
import { counter, type Totals } from '../statistics/figures.ts';
import type { DayWindow } from '../statistics/periods.ts';
import { bilingual } from '../text.ts';
import { creditCodeSchema } from '../validators/credit-code.ts';

/**
 * Export quality assessment (408号 三（二）: 出口商品质量评估) per exporter and HS heading over
 * rolling windows: how much it shipped and how much of what was inspected failed.
 */
export const QUALITY_WINDOWS_DAYS = [90, 365] as const;
/** More headings than this are listed only up to it (`truncated`); name one with `hsHeading`. */
export const MAX_ASSESSED_HEADINGS = 100;

export const qualityAssessmentQuerySchema = z.object({
  /** The enterprise's unified social credit code; a declarant's own when it leaves it out. */
  enterprise: creditCodeSchema.optional(),
  /** One HS heading (four digits); all the enterprise's when left out. */
  hsHeading: z.string().regex(/^\d{4}$/, bilingual('HS 品目为四位数字', 'an HS heading is four digits')).optional(),
  /** Exports by default (出口商品质量评估); imports give the same figures for an importer. */
  direction: directionSchema.default('export'),
});
export type QualityAssessmentQuery = z.infer<typeof qualityAssessmentQuerySchema>;

export interface WindowFigures extends DayWindow {
  days: number;
  consignments: number;
  released: number;
  rejected: number;
  containers: number;
  netWeightKg: number;
  inspected: number;
  nonconforming: number;
  /** nonconforming / inspected, 4 decimals; null without inspections. */
  nonconformityRate: number | null;
}

export function windowFigures(totals: Totals, direction: Direction, window: DayWindow & { days: number }): WindowFigures {
  const c = (name: string) => counter(totals, name, direction);
  const inspected = c(COUNTER.inspected);
  const nonconforming = c(COUNTER.nonconforming);
  return {
    ...window,
    consignments: c(COUNTER.consignments),
    released: c(COUNTER.released),
    rejected: c(COUNTER.rejected),
    containers: c(COUNTER.containers),
    netWeightKg: Number(c(COUNTER.netWeightKg).toFixed(3)),
    inspected,
    nonconforming,
    nonconformityRate: inspected === 0 ? null : Number((nonconforming / inspected).toFixed(4)),
  };
}
