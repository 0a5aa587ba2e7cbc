import { describe, expect, it } from 'vitest';
import { parcelManifestUploadSchema, type ParcelManifestSummary } from '#shared/domain/parcels/parcel-manifest.ts';
import { drawSample, parcelAnswerProblems, samplingPlan, samplingRuleText } from '#shared/domain/parcels/parcel-sampling.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { importFiling, inspectionContext } from './fixtures.ts';

const waybills = (n: number) => Array.from({ length: n }, (_, i) => `WB${String(i).padStart(8, '0')}`);

describe('list-based supervision: how many parcel lines are sampled (GB/T 2828.1 single sampling, 408号 三（四）)', () => {
  it.each([
    [10_000, 'document-review', 'J', 80],
    [10_000, 'standard', 'L', 200],
    [10_000, 'intensified', 'M', 315],
    [3_200, 'standard', 'K', 125],
    [3_201, 'standard', 'L', 200],
    [500, 'standard', 'H', 50],
    [90, 'intensified', 'F', 20],
    [8, 'standard', 'A', 2],
  ] as const)('%i lines at %s: code letter %s, %i lines', (lines, level, letter, size) => {
    expect(samplingPlan(lines, level)).toEqual({ inspectionLevel: level, generalLevel: { 'document-review': 'I', standard: 'II', intensified: 'III' }[level], codeLetter: letter, sampleSize: size, acceptanceNumber: 0 });
  });

  it('never samples more lines than the manifest has, and more at a riskier level or a larger manifest', () => {
    expect(samplingPlan(1, 'intensified').sampleSize).toBe(1);
    for (const lines of [10, 100, 1000, 10_000]) {
      expect(samplingPlan(lines, 'document-review').sampleSize).toBeLessThanOrEqual(samplingPlan(lines, 'standard').sampleSize);
      expect(samplingPlan(lines, 'standard').sampleSize).toBeLessThanOrEqual(samplingPlan(lines, 'intensified').sampleSize);
      expect(samplingPlan(lines, 'standard').sampleSize).toBeLessThanOrEqual(samplingPlan(lines * 10, 'standard').sampleSize);
    }
  });
});

describe('which parcel lines are sampled', () => {
  const lines = waybills(10_000);

  it('draws the same lines for the same consignment, whatever the order of the manifest', () => {
    const sample = drawSample('C-1', lines, 200);
    expect(sample).toHaveLength(200);
    expect(drawSample('C-1', lines, 200)).toEqual(sample);
    const reversed = drawSample('C-1', [...lines].reverse(), 200);
    expect(reversed.map((s) => s.waybill).sort()).toEqual(sample.map((s) => s.waybill).sort());
    // In manifest order, each with its index.
    expect(sample.map((s) => s.line)).toEqual([...sample.map((s) => s.line)].sort((a, b) => a - b));
    for (const s of sample) expect(lines[s.line]).toBe(s.waybill);
  });

  it('draws other lines for another consignment, spread over the manifest', () => {
    const a = new Set(drawSample('C-1', lines, 200).map((s) => s.waybill));
    const b = drawSample('C-2', lines, 200).map((s) => s.waybill);
    expect(b.filter((w) => a.has(w)).length).toBeLessThan(40);
    const lineIndexes = drawSample('C-1', lines, 200).map((s) => s.line);
    // Every tenth of the manifest holds some of the sample (not the first 200 lines).
    for (let tenth = 0; tenth < 10; tenth++) expect(lineIndexes.some((l) => Math.floor(l / 1000) === tenth)).toBe(true);
  });

  it('says its rule in both languages, with the numbers once the manifest is known', () => {
    const rule = samplingRuleText('standard', { lines: 10_000, codeLetter: 'L', sampleSize: 200 });
    expect(rule.zh).toContain('GB/T 2828.1');
    expect(rule.en).toContain('10000 manifest lines, code letter L: 200 lines sampled');
    expect(samplingRuleText('intensified').en).toContain('general inspection level III');
  });
});

describe('the parcel manifest upload', () => {
  const line = (waybill: string) => ({ waybill, description: 'phone case / 手机壳', hsCode: '392690', quantity: 2, value: 35.5 });

  it('accepts up to 10,000 lines and names a repeated waybill and a bad field by its line', () => {
    expect(parcelManifestUploadSchema.safeParse({ lines: waybills(10_000).map(line) }).success).toBe(true);
    expect(parcelManifestUploadSchema.safeParse({ lines: waybills(10_001).map(line) }).success).toBe(false);
    const repeated = parcelManifestUploadSchema.safeParse({ lines: [line('A1'), line('B2'), line('a1')] });
    expect(repeated.success).toBe(false);
    expect(repeated.error?.issues.map((i) => i.path)).toEqual([['lines', 2, 'waybill']]);
    const bad = parcelManifestUploadSchema.safeParse({ lines: [line('A1'), { ...line('B2'), quantity: 0 }] });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([['lines', 1, 'quantity']]);
  });
});

describe('the inland answer of a list-based consignment', () => {
  const sample = [
    { line: 3, waybill: 'WB3' },
    { line: 7, waybill: 'WB7' },
  ];
  const manifest: ParcelManifestSummary = {
    lines: 10,
    totalQuantity: 10,
    totalValue: 100,
    digest: 'd',
    chunkSize: 200,
    chunks: 1,
    uploadedAt: '2016-09-01T00:00:00Z',
    sampling: { inspectionLevel: 'standard', generalLevel: 'II', codeLetter: 'B', sampleSize: 2, acceptanceNumber: 0 },
    sample,
  };

  it('answers every sampled line once and nothing else', () => {
    expect(parcelAnswerProblems({ outcome: 'pass', details: { parcels: [{ waybill: 'WB3', outcome: 'pass' }, { waybill: 'WB7', outcome: 'pass' }] } }, manifest)).toEqual([]);
    const problems = parcelAnswerProblems({ outcome: 'pass', details: { parcels: [{ waybill: 'WB3', outcome: 'pass' }, { waybill: 'WB9', outcome: 'pass' }, { waybill: 'WB3', outcome: 'pass' }] } }, manifest);
    expect(problems.map((p) => p.path)).toEqual(['details.parcels.1.waybill', 'details.parcels.2.waybill', 'details.parcels']);
  });

  it('cannot release the lot in one decision when a sampled parcel failed (acceptance number 0)', () => {
    const answer = { details: { parcels: [{ waybill: 'WB3', outcome: 'fail' as const, findings: 'undeclared seeds' }, { waybill: 'WB7', outcome: 'pass' as const }] } };
    expect(parcelAnswerProblems({ outcome: 'pass', ...answer }, manifest).map((p) => p.path)).toEqual(['outcome']);
    expect(parcelAnswerProblems({ outcome: 'fail', ...answer }, manifest)).toEqual([]);
  });

  it('answers a consignment without a declared manifest as a whole, with no parcel results', () => {
    expect(parcelAnswerProblems({ outcome: 'pass' }, undefined)).toEqual([]);
    expect(parcelAnswerProblems({ outcome: 'pass', details: { parcels: [{ waybill: 'WB3', outcome: 'pass' }] } }, undefined).map((p) => p.path)).toEqual(['details.parcels']);
  });
});

describe('the plan of a list-based consignment', () => {
  it('explains the sampling rule at the inland level', () => {
    const plan = planInspection(importFiling({ tradeMode: 'cross-border-ecommerce' }), inspectionContext());
    expect(plan.supervisionMode).toBe('list-based');
    const reason = plan.reasons.find((r) => r.code === 'LIST_BASED_SAMPLING');
    expect(reason?.text.en).toContain('GB/T 2828.1 general inspection level II');
    expect(planInspection(importFiling(), inspectionContext()).reasons.some((r) => r.code === 'LIST_BASED_SAMPLING')).toBe(false);
  });
});
