import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { InspectionLevel } from '../inspection-plan.ts';
import type { LocalisedText } from '../text.ts';
import { bilingual } from '../text.ts';
import { findingsSchema } from '../tasks/findings.ts';
import { waybillSchema, type ParcelManifestSummary } from './parcel-manifest.ts';

/**
 * How many parcel lines list-based supervision inspects, and which (408号 三（四）: 优化检验检疫监管模式).
 *
 * Size: GB/T 2828.1 (ISO 2859-1) single sampling. The manifest is the lot; its number of lines
 * gives the sample size code letter (Table 1) at the general inspection level that the plan's
 * risk level maps to — document review → level I, standard → II, intensified → III — and the code
 * letter the sample size (Table 2-A). So a riskier consignment (an alert, a poor enterprise or
 * commodity grade, a recognised third-party result the other way) and a larger manifest both
 * inspect more lines: 10,000 lines are 80, 200 or 315 lines at levels I, II, III.
 *
 * Acceptance number 0: a quarantine finding in any sampled parcel means the lot is not released
 * in one decision (the inspection fails and names a disposal).
 *
 * Which lines: those with the smallest SHA-256 of `<consignment id>:<waybill>`. Reproducible by
 * anyone with the manifest and the id, independent of line order, and not steerable by the
 * declarant, who does not know the consignment id before filing.
 */
export const GENERAL_LEVEL: Record<InspectionLevel, 'I' | 'II' | 'III'> = { 'document-review': 'I', standard: 'II', intensified: 'III' };

/** GB/T 2828.1 Table 1: upper bounds of the lot-size ranges, and the code letters per general level. */
const LOT_SIZE_UPPER_BOUNDS = [8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10000, 35000, 150000, 500000, Infinity];
const CODE_LETTERS: Record<'I' | 'II' | 'III', string> = {
  I: 'AABCCDEFGHJKLMN',
  II: 'ABCDEFGHJKLMNPQ',
  III: 'BCDEFGHJKLMNPQR',
};
/** GB/T 2828.1 Table 2-A: sample size per code letter. */
const SAMPLE_SIZES: Record<string, number> = { A: 2, B: 3, C: 5, D: 8, E: 13, F: 20, G: 32, H: 50, J: 80, K: 125, L: 200, M: 315, N: 500, P: 800, Q: 1250, R: 2000 };

export const ACCEPTANCE_NUMBER = 0;

export interface SamplingPlan {
  inspectionLevel: InspectionLevel;
  generalLevel: 'I' | 'II' | 'III';
  codeLetter: string;
  sampleSize: number;
  acceptanceNumber: number;
}

export function samplingPlan(lines: number, inspectionLevel: InspectionLevel): SamplingPlan {
  const generalLevel = GENERAL_LEVEL[inspectionLevel];
  const range = LOT_SIZE_UPPER_BOUNDS.findIndex((upper) => lines <= upper);
  const codeLetter = CODE_LETTERS[generalLevel].charAt(range);
  const sampleSize = Math.min(lines, SAMPLE_SIZES[codeLetter] ?? lines);
  return { inspectionLevel, generalLevel, codeLetter, sampleSize, acceptanceNumber: ACCEPTANCE_NUMBER };
}

/** The sampled lines: index and waybill, in manifest order. */
export function drawSample(consignmentId: string, waybills: readonly string[], size: number): Array<{ line: number; waybill: string }> {
  const ranked = waybills.map((waybill, line) => ({ line, waybill, rank: createHash('sha256').update(`${consignmentId}:${waybill}`).digest('hex') }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return ranked
    .slice(0, size)
    .sort((a, b) => a.line - b.line)
    .map(({ line, waybill }) => ({ line, waybill }));
}

/** The sampling rule in words, for the plan and the sample view. */
export function samplingRuleText(inspectionLevel: InspectionLevel, plan?: Pick<SamplingPlan, 'codeLetter' | 'sampleSize'> & { lines: number }): LocalisedText {
  const level = GENERAL_LEVEL[inspectionLevel];
  const sized = plan
    ? { zh: `清单 ${plan.lines} 行，样本量字码 ${plan.codeLetter}，抽取 ${plan.sampleSize} 行`, en: `${plan.lines} manifest lines, code letter ${plan.codeLetter}: ${plan.sampleSize} lines sampled` }
    : { zh: '样本量于清单上传时按行数确定', en: 'the sample size follows from the number of lines when the manifest is uploaded' };
  return {
    zh: `按 GB/T 2828.1 一般检验水平 ${level}（检验等级 ${inspectionLevel}）抽样，${sized.zh}；以“货物编号:运单号”的 SHA-256 最小者为样本，可复现；接收数 0，样本合格则其余清单一次放行`,
    en: `sampled by GB/T 2828.1 general inspection level ${level} (inspection level ${inspectionLevel}); ${sized.en}; the lines with the smallest SHA-256 of "consignment id:waybill", reproducibly; acceptance number 0, and a passing sample releases the rest of the manifest in one decision`,
  };
}

/** One sampled line's result, in the inland inspection's answer (`details.parcels`). */
export const parcelResultSchema = z.object({
  waybill: waybillSchema,
  outcome: z.enum(['pass', 'fail'], { error: bilingual('抽检结果须为 pass 或 fail', 'outcome must be pass or fail') }),
  findings: findingsSchema,
});
export type ParcelResult = z.infer<typeof parcelResultSchema>;

/** At most the largest sample a manifest can give. */
export const MAX_PARCEL_RESULTS = 2000;

/**
 * What an inland inspection answer of a list-based consignment with a declared manifest must
 * agree with: every sampled line has exactly one result and nothing else does, and a sample with
 * more failed lines than the acceptance number cannot release the lot. A consignment whose
 * manifest was never declared (a manifest is optional) is answered as a whole, as before; one
 * declared after the answer is refused (the consignment has moved on).
 */
export function parcelAnswerProblems(
  result: { outcome: 'pass' | 'fail'; details?: object | undefined },
  manifest: ParcelManifestSummary | undefined,
): Array<{ path: string; message: string }> {
  const answered: readonly ParcelResult[] = result.details !== undefined && 'parcels' in result.details ? ((result.details as { parcels?: ParcelResult[] }).parcels ?? []) : [];
  if (manifest === undefined) {
    return answered.length === 0 ? [] : [{ path: 'details.parcels', message: bilingual('未申报清单，无抽检运单可答', 'no parcel manifest was declared: there is no sample to answer') }];
  }
  const sampled = new Set(manifest.sample.map((s) => s.waybill));
  const problems: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  answered.forEach((parcel, i) => {
    if (!sampled.has(parcel.waybill)) problems.push({ path: `details.parcels.${i}.waybill`, message: bilingual(`运单 ${parcel.waybill} 不在样本中`, `waybill ${parcel.waybill} is not in the sample`) });
    if (seen.has(parcel.waybill)) problems.push({ path: `details.parcels.${i}.waybill`, message: bilingual(`运单 ${parcel.waybill} 重复`, `waybill ${parcel.waybill} is answered twice`) });
    seen.add(parcel.waybill);
  });
  const missing = manifest.sample.filter((s) => !seen.has(s.waybill));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).map((s) => s.waybill).join(', ');
    problems.push({
      path: 'details.parcels',
      message: bilingual(`缺少 ${missing.length} 个抽检运单的结果（${shown}${missing.length > 10 ? ' …' : ''}）`, `no result for ${missing.length} sampled waybill(s) (${shown}${missing.length > 10 ? ' …' : ''})`),
    });
  }
  const failed = answered.filter((p) => p.outcome === 'fail').length;
  if (result.outcome === 'pass' && failed > manifest.sampling.acceptanceNumber) {
    problems.push({
      path: 'outcome',
      message: bilingual(`${failed} 个抽检运单不合格（接收数 ${manifest.sampling.acceptanceNumber}），不能一次放行`, `${failed} sampled parcel(s) failed (acceptance number ${manifest.sampling.acceptanceNumber}): the lot cannot be released`),
    });
  }
  return problems;
}
