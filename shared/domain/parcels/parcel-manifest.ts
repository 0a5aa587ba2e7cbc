import { z } from 'zod';
import { tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';
import { hsCodeSchema } from '../validators/hs-code.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { inspectionLevelSchema } from '../inspection-plan.ts';

/**
 * The parcel manifest (清单) of a cross-border e-commerce or postal consignment (408号 三（四）):
 * one line per parcel, each with its waybill. List-based supervision inspects a sample of lines
 * (`parcel-sampling.ts`) and releases the rest in one decision. A container carries thousands of
 * parcels; a consignment's manifest is at most MAX_PARCEL_LINES lines (docs/limits.md).
 */
export const MAX_PARCEL_LINES = 10_000;
export const MAX_WAYBILL_LENGTH = 40;
/** 10,000 lines at the longest texts stay under the 6 MB request limit of a Lambda integration (docs/limits.md). */
export const MAX_PARCEL_DESCRIPTION_LENGTH = 100;
/** Per parcel: quantity of items and declared value (CNY); generous bounds that still catch a typo of magnitude. */
export const MAX_PARCEL_QUANTITY = 100_000;
export const MAX_PARCEL_VALUE = 10_000_000;

/** The trade modes whose consignments are supervised by list (TRADE_MODE_EFFECTS: `list-based`). */
export const LIST_BASED_TRADE_MODES = ['cross-border-ecommerce', 'postal'] as const;

export const waybillSchema = z
  .string({ error: bilingual('运单号须为字符串', 'waybill must be a string') })
  .trim()
  .toUpperCase()
  .min(1, { error: bilingual('运单号不能为空', 'waybill must not be empty') })
  .max(MAX_WAYBILL_LENGTH, { error: tooLong('运单号', 'waybill', MAX_WAYBILL_LENGTH) })
  .regex(/^[A-Z0-9-]+$/, { error: bilingual('运单号只含字母、数字和连字符', 'a waybill has letters, digits and hyphens only') });

export const parcelLineSchema = z.object({
  waybill: waybillSchema,
  description: z
    .string({ error: bilingual('品名须为字符串', 'description must be a string') })
    .trim()
    .min(1, { error: bilingual('品名不能为空', 'description must not be empty') })
    .max(MAX_PARCEL_DESCRIPTION_LENGTH, { error: tooLong('品名', 'description', MAX_PARCEL_DESCRIPTION_LENGTH) }),
  hsCode: hsCodeSchema,
  quantity: z
    .number({ error: bilingual('数量须为数字', 'quantity must be a number') })
    .int({ error: bilingual('数量须为整数', 'quantity must be a whole number') })
    .positive({ error: bilingual('数量须大于零', 'quantity must be positive') })
    .max(MAX_PARCEL_QUANTITY, { error: bilingual(`数量最多 ${MAX_PARCEL_QUANTITY}`, `quantity is at most ${MAX_PARCEL_QUANTITY}`) }),
  /** Declared value in CNY. */
  value: z
    .number({ error: bilingual('价值须为数字', 'value must be a number') })
    .nonnegative({ error: bilingual('价值不能为负', 'value must not be negative') })
    .max(MAX_PARCEL_VALUE, { error: bilingual(`价值最多 ${MAX_PARCEL_VALUE}`, `value is at most ${MAX_PARCEL_VALUE}`) }),
});
export type ParcelLine = z.infer<typeof parcelLineSchema>;

/** The body of `PUT /consignments/{id}/parcels`: the whole manifest, once. */
export const parcelManifestUploadSchema = z
  .object({
    lines: z
      .array(parcelLineSchema, { error: bilingual('清单须为数组', 'lines must be an array') })
      .min(1, { error: bilingual('清单至少一行', 'a manifest has at least one line') })
      .max(MAX_PARCEL_LINES, { error: bilingual(`清单最多 ${MAX_PARCEL_LINES} 行`, `a manifest has at most ${MAX_PARCEL_LINES} lines`) }),
  })
  .superRefine((manifest, ctx) => {
    const first = new Map<string, number>();
    manifest.lines.forEach((line, i) => {
      const before = first.get(line.waybill);
      if (before === undefined) first.set(line.waybill, i);
      else ctx.addIssue({ code: 'custom', path: ['lines', i, 'waybill'], message: bilingual(`运单号 ${line.waybill} 与第 ${before + 1} 行重复`, `waybill ${line.waybill} repeats line ${before + 1}`) });
    });
  });
export type ParcelManifestUpload = z.infer<typeof parcelManifestUploadSchema>;

/** What the consignment item keeps of its manifest: the counts, the storage layout and the sample, never the lines. */
export const parcelManifestSummarySchema = z.object({
  lines: z.number().int().positive(),
  totalQuantity: z.number().nonnegative(),
  totalValue: z.number().nonnegative(),
  /** SHA-256 of the manifest as stored; the chunks are kept under it. */
  digest: z.string().min(1),
  chunkSize: z.number().int().positive(),
  chunks: z.number().int().positive(),
  uploadedAt: timestampSchema,
  sampling: z.object({
    inspectionLevel: inspectionLevelSchema,
    generalLevel: z.enum(['I', 'II', 'III']),
    codeLetter: z.string().min(1),
    sampleSize: z.number().int().positive(),
    acceptanceNumber: z.number().int().nonnegative(),
  }),
  /** The sampled lines, in manifest order: index and waybill. */
  sample: z.array(z.object({ line: z.number().int().nonnegative(), waybill: z.string().min(1) })),
});
export type ParcelManifestSummary = z.infer<typeof parcelManifestSummarySchema>;
