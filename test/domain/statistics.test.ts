import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConsignment } from '#shared/domain/consignment.ts';
import { contributionOf, targetKey, type ClosingFacts } from '#shared/domain/statistics/contribution.ts';
import { figuresOf, sumTotals } from '#shared/domain/statistics/figures.ts';
import { bucketBounds, bucketOf, histogramQuantile } from '#shared/domain/statistics/histogram.ts';
import { addDays, daysBetween, periodKey, periodsAt, periodsOf, trailingWindow, type Period } from '#shared/domain/statistics/periods.ts';
import { statsQuerySchema, statsTarget, statsWindow } from '#shared/domain/statistics/stats-query.ts';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from './fixtures.ts';

const keysOf = (periods: Period[]) => periods.map(periodKey);

/** The days a plan stands for, by expanding months and taking subtracted days away. */
function daysCovered(plan: { add: Period[]; subtract: Period[] }, today: string): string[] {
  const days = new Map<string, number>();
  const bump = (day: string, by: number) => days.set(day, (days.get(day) ?? 0) + by);
  for (const [list, sign] of [[plan.add, 1], [plan.subtract, -1]] as const) {
    for (const p of list) {
      if (p.kind === 'day') bump(p.day, sign);
      else for (let d = `${p.month}-01`; d.startsWith(p.month) && d <= today; d = addDays(d, 1)) bump(d, sign);
    }
  }
  return [...days.entries()].filter(([, n]) => n !== 0).map(([day, n]) => (n === 1 ? day : `${day}×${n}`)).sort();
}

describe('statistics periods: a window as month and day items', () => {
  it('reads whole months as months, and a mostly covered month as the month minus its other days', () => {
    expect(keysOf(periodsOf({ from: '2024-01-01', to: '2024-03-31' }).add)).toEqual(['MONTH#2024-01', 'MONTH#2024-02', 'MONTH#2024-03']);
    // Jan 3 – Jan 31: the month minus two days.
    expect(periodsOf({ from: '2024-01-03', to: '2024-01-31' })).toEqual({
      add: [{ kind: 'month', month: '2024-01' }],
      subtract: [{ kind: 'day', day: '2024-01-01' }, { kind: 'day', day: '2024-01-02' }],
    });
    // Jan 10 – Jan 12: three days.
    expect(keysOf(periodsOf({ from: '2024-01-10', to: '2024-01-12' }).add)).toEqual(['DAY#2024-01-10', 'DAY#2024-01-11', 'DAY#2024-01-12']);
    expect(periodsOf({ from: '2024-02-01', to: '2024-01-01' })).toEqual({ add: [], subtract: [] });
  });

  it('takes the days after today as empty: a year up to today reads the running month whole', () => {
    const plan = periodsOf(trailingWindow('2024-05-20', 365), '2024-05-20');
    expect(trailingWindow('2024-05-20', 365)).toEqual({ from: '2023-05-22', to: '2024-05-20' });
    // June 2023 – May 2024 whole (May only to the 20th so far), and the last ten days of May 2023.
    expect(keysOf(plan.add).filter((k) => k.startsWith('MONTH#'))).toHaveLength(12);
    expect(keysOf(plan.add).filter((k) => k.startsWith('DAY#'))).toEqual(Array.from({ length: 10 }, (_, i) => `DAY#2023-05-${22 + i}`));
    expect(plan.subtract).toEqual([]);
    // A window from the 5th of a month: the month minus four days.
    expect(keysOf(periodsOf(trailingWindow('2024-06-04', 366), '2024-06-04').subtract)).toEqual(['DAY#2023-06-01', 'DAY#2023-06-02', 'DAY#2023-06-03', 'DAY#2023-06-04']);
    expect(periodsOf({ from: '2024-06-01', to: '2024-06-30' }, '2024-05-20')).toEqual({ add: [], subtract: [] });
  });

  it('never reads more than 13 month items and 30 day items for a window of up to a year, and covers each day once', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 366 }), fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }), (from, span, todayOffset) => {
        const to = addDays(from, span - 1);
        const today = todayOffset === undefined ? '2099-12-31' : addDays(from, todayOffset);
        const plan = periodsOf({ from, to }, today);
        const all = [...plan.add, ...plan.subtract];
        expect(all.filter((p) => p.kind === 'month').length).toBeLessThanOrEqual(13);
        expect(all.filter((p) => p.kind === 'day').length).toBeLessThanOrEqual(30);
        const last = to < today ? to : today;
        const expected = from > last ? [] : Array.from({ length: daysBetween(from, last) }, (_, i) => addDays(from, i));
        expect(daysCovered(plan, today)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('counts a moment in its Beijing day and month', () => {
    expect(periodsAt('2024-03-31T16:30:00Z').map(periodKey)).toEqual(['DAY#2024-04-01', 'MONTH#2024-04']);
    expect(periodsAt('2024-03-31T15:59:59Z').map(periodKey)).toEqual(['DAY#2024-03-31', 'MONTH#2024-03']);
  });
});

describe('duration histograms', () => {
  it('puts a duration in the bucket whose bounds hold it', () => {
    for (const millis of [0, 0.5, 1, 7, 999, 60_000, 3_600_000, 86_400_000 * 30]) {
      const [lower, upper] = bucketBounds(bucketOf(millis));
      expect(millis).toBeGreaterThanOrEqual(lower);
      expect(millis).toBeLessThan(upper);
    }
    expect(bucketOf(1000)).toBe(79);
    expect(bucketOf(1024)).toBe(80);
  });

  it('reads percentiles within half a bucket (≈ 4.5 %) of the exact ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 30 * 86_400_000 }), { minLength: 1, maxLength: 200 }), fc.constantFrom(0, 0.5, 0.9, 0.99, 1), (values, q) => {
        const histogram = new Map<number, number>();
        for (const v of values) histogram.set(bucketOf(v), (histogram.get(bucketOf(v)) ?? 0) + 1);
        const sorted = [...values].sort((a, b) => a - b);
        const rank = q * (sorted.length - 1);
        const low = sorted[Math.floor(rank)]!;
        const high = sorted[Math.ceil(rank)]!;
        const exact = low + (high - low) * (rank - Math.floor(rank));
        const estimate = histogramQuantile(histogram, q)!;
        expect(estimate / exact).toBeGreaterThan(2 ** (-1 / 8) - 1e-9);
        expect(estimate / exact).toBeLessThan(2 ** (1 / 8) + 1e-9);
      }),
      { numRuns: 300 },
    );
    expect(histogramQuantile(new Map(), 0.5)).toBeNull();
    expect(histogramQuantile(new Map([[0, 2]]), 0.5)).toBeLessThan(1);
  });
});

const FACTS: ClosingFacts = {
  outcome: 'released',
  portChecksCompleted: true,
  stoppedAtPort: false,
  portInspectionOpened: false,
  portAction: true,
  portDwellMs: 2 * 3_600_000,
  filingToReleaseMs: 10 * 3_600_000,
  inspected: true,
  failed: false,
  escalations: 0,
  corridor: 'chongqing-duisburg',
};

describe('what a closed consignment adds', () => {
  const imported = createConsignment(
    importFiling({
      goods: [goodsLine(), goodsLine({ hsCode: '847150', netWeightKg: 250 }), goodsLine({ hsCode: '020329', originCountry: 'FR', netWeightKg: 1000, categories: ['food'] })],
      containers: [{ number: 'CSQU3054383' }, { number: 'MSKU1234565' }],
    }),
    { id: 'C1', at: '2024-03-01T00:00:00Z' },
  );

  it("counts once under every value: port, corridor, each chapter, category, heading and country pair, for everyone and in each bureau's scope", () => {
    const parts = contributionOf(imported, FACTS);
    const keys = parts.map(targetKey).sort();
    expect(keys).toEqual(
      [
        'ALL#all#-',
        'ALL#port#ALASHANKOU',
        'ALL#corridor#chongqing-duisburg',
        'ALL#hs-chapter#84',
        'ALL#hs-chapter#02',
        'ALL#category#general',
        'ALL#category#food',
        `ALL#enterprise#${CREDIT_CODES.chongqingImporter}`,
        `ALL#enterprise-heading#${CREDIT_CODES.chongqingImporter}#8471`,
        `ALL#enterprise-heading#${CREDIT_CODES.chongqingImporter}#0203`,
        'ALL#commodity#DE#8471',
        'ALL#commodity#FR#0203',
        ...['XJ', 'CQ'].flatMap((b) => [
          `${b}#all#-`,
          `${b}#port#ALASHANKOU`,
          `${b}#corridor#chongqing-duisburg`,
          `${b}#hs-chapter#84`,
          `${b}#hs-chapter#02`,
          `${b}#category#general`,
          `${b}#category#food`,
          `${b}#enterprise#${CREDIT_CODES.chongqingImporter}`,
        ]),
      ].sort(),
    );
    const all = parts.find((p) => targetKey(p) === 'ALL#all#-')!;
    expect(all.counters).toMatchObject({ 'i.n': 1, 'i.rel': 1, 'i.ctr': 2, 'i.kg': 2500, 'i.pp': 1, 'i.dt': 1, 'i.ins': 1 });
    expect(all.counters['i.nc']).toBeUndefined();
    expect(all.counters[`i.ftr.h${bucketOf(10 * 3_600_000)}`]).toBe(1);
    expect(all.counters['i.ftr.s']).toBe(10 * 3_600_000);
    // Net weight under a goods value is that of its lines only.
    expect(parts.find((p) => targetKey(p) === 'ALL#hs-chapter#84')!.counters['i.kg']).toBe(1500);
    expect(parts.find((p) => targetKey(p) === 'ALL#commodity#FR#0203')!.counters['i.kg']).toBe(1000);
  });

  it('counts a rejected export with a failed inspection and escalations, without a release time', () => {
    const exported = createConsignment(exportFiling(), { id: 'E1', at: '2024-03-01T00:00:00Z' });
    const [all] = contributionOf(exported, { ...FACTS, outcome: 'rejected', failed: true, escalations: 2, portAction: false, corridor: undefined, filingToReleaseMs: 5, portDwellMs: undefined });
    expect(all!.counters).toEqual({ 'e.n': 1, 'e.rej': 1, 'e.ctr': 1, 'e.kg': 1250, 'e.ins': 1, 'e.nc': 1, 'e.esc': 2, 'e.escn': 1 });
  });
});

describe('figures from summed items', () => {
  it('adds and subtracts items, and reads shares and durations by direction', () => {
    const a = { 'i.n': 3, 'i.rel': 2, 'i.rej': 1, 'i.pp': 2, 'i.dt': 1, 'i.ins': 3, 'i.nc': 1, 'i.ftr.n': 2, 'i.ftr.s': 7_200_000, [`i.ftr.h${bucketOf(3_600_000)}`]: 2 };
    const b = { 'e.n': 2, 'e.rel': 2, 'e.rx': 2, 'e.rxnp': 1, 'e.ins': 2, 'e.esc': 3, 'e.escn': 1, 'i.n': 1, 'i.rel': 1 };
    const totals = sumTotals([a, b], [{ 'i.n': 1, 'i.rel': 1 }]);
    const all = figuresOf(totals);
    expect(all.consignments).toBe(5);
    expect(all.byStatus).toEqual({ released: 4, rejected: 1 });
    expect(all.importsDirectThrough).toEqual({ count: 1, of: 2, share: 0.5 });
    expect(all.exportsReleasedWithoutPortAction).toEqual({ count: 1, of: 2, share: 0.5 });
    expect(all.nonconformity).toEqual({ count: 1, of: 5, share: 0.2 });
    expect(all.escalations).toEqual({ count: 3, consignments: { count: 1, of: 5, share: 0.2 } });
    expect(all.filingToRelease.count).toBe(2);
    expect(all.filingToRelease.meanSeconds).toBe(3600);
    expect(all.filingToRelease.medianSeconds! / 3600).toBeCloseTo(1, 1);
    const exports = figuresOf(totals, 'export');
    expect(exports.consignments).toBe(2);
    expect(exports.importsDirectThrough).toEqual({ count: 0, of: 0, share: null });
    expect(exports.filingToRelease).toEqual({ count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, p99Seconds: null });
    expect(figuresOf(totals, 'import').exportsReleasedWithoutPortAction.of).toBe(0);
  });
});

describe('the GET /stats query', () => {
  it('takes days or instants (their Beijing day), a year by default, at most 366 days', () => {
    const q = statsQuerySchema.parse({ from: '2024-03-01T20:00:00Z', to: '2024-03-05' });
    expect(q).toMatchObject({ from: '2024-03-02', to: '2024-03-05' });
    expect(statsWindow({}, '2024-05-20')).toEqual({ from: '2023-05-22', to: '2024-05-20' });
    expect(statsWindow({ from: '2023-05-20', to: '2024-05-20' }, '2024-05-20')).toMatchObject({ path: 'from' });
    expect(statsWindow({ from: '2024-06-01', to: '2024-05-20' }, '2024-05-20')).toEqual({ from: '2024-06-01', to: '2024-05-20' });
    expect(statsQuerySchema.safeParse({ from: 'yesterday' }).success).toBe(false);
  });

  it('narrows by one dimension in the scope of a bureau, and names a second one as the error', () => {
    expect(statsTarget(statsQuerySchema.parse({ port: 'ALASHANKOU' }), 'CQ')).toEqual({ scope: 'CQ', dimension: 'port', value: 'ALASHANKOU' });
    expect(statsTarget(statsQuerySchema.parse({ hsChapter: '84' }), undefined)).toEqual({ scope: 'ALL', dimension: 'hs-chapter', value: '84' });
    expect(statsTarget(statsQuerySchema.parse({}), undefined)).toEqual({ scope: 'ALL', dimension: 'all', value: '-' });
    const both = statsQuerySchema.safeParse({ port: 'ALASHANKOU', category: 'food' });
    expect(both.success).toBe(false);
    expect(both.error?.issues.map((i) => i.path)).toEqual([['category']]);
  });
});
