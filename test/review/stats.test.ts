import { describe, expect, it } from 'vitest';
import { computeStats, corridorOf, quantile, type StatsRecord } from '#shared/review/stats.ts';
import { STATS_RECORDS, THE_DAY } from './fixtures/stats-records.ts';

const H = 3600;

describe('GET /stats figures over a hand-computed day (fixtures/stats-records.ts)', () => {
  it('computes every figure for the day', () => {
    expect(computeStats(STATS_RECORDS, THE_DAY)).toEqual({
      consignments: 8,
      byStatus: {
        filed: 0,
        'awaiting-port-checks': 1,
        'awaiting-port-inspection': 0,
        'awaiting-destination-inspection': 0,
        'awaiting-origin-inspection': 0,
        'awaiting-disposal': 0,
        'awaiting-hand-over': 0,
        released: 5,
        rejected: 2,
      },
      // Past the port: C1, C2, C4 (C3 was stopped there, C5 is still waiting); C2 was opened.
      importsDirectThrough: { count: 2, of: 3, share: 0.6667 },
      // Released exports C6 and C7; C7 had a port inspection.
      exportsReleasedWithoutPortAction: { count: 1, of: 2, share: 0.5 },
      // 4, 9, 10, 12, 20 h: median 10 h, p90 12 + 0.6 × 8 = 16.8 h.
      filingToRelease: { count: 5, medianSeconds: 10 * H, p90Seconds: 16.8 * H },
      // 1, 2, 2, 4, 5 h: median 2 h, p90 4 + 0.6 × 1 = 4.6 h.
      portDwell: { count: 5, medianSeconds: 2 * H, p90Seconds: 4.6 * H },
      // Inspected: all but C5; failed: C3 (radiation), C4 (treated), C8 (destroyed).
      nonconformity: { count: 3, of: 7, share: 0.4286 },
    });
  });

  it('takes in every day without a time range', () => {
    const stats = computeStats(STATS_RECORDS);
    expect(stats.consignments).toBe(9);
    expect(stats.exportsReleasedWithoutPortAction).toEqual({ count: 2, of: 3, share: 0.6667 });
    // 1, 4, 9, 10, 12, 20 h: median (9 + 10) / 2, p90 12 + 0.5 × 8.
    expect(stats.filingToRelease).toEqual({ count: 6, medianSeconds: 9.5 * H, p90Seconds: 16 * H });
    expect(stats.nonconformity).toEqual({ count: 3, of: 8, share: 0.375 });
  });

  it('narrows by direction, port and bureau', () => {
    const imports = computeStats(STATS_RECORDS, { ...THE_DAY, direction: 'import' });
    expect(imports.consignments).toBe(5);
    expect(imports.filingToRelease).toEqual({ count: 3, medianSeconds: 12 * H, p90Seconds: 18.4 * H });
    expect(imports.exportsReleasedWithoutPortAction).toEqual({ count: 0, of: 0, share: null });
    expect(computeStats(STATS_RECORDS, { ...THE_DAY, port: 'ALASHANKOU' }).consignments).toBe(4);
    const nm = computeStats(STATS_RECORDS, { ...THE_DAY, bureau: 'NM' });
    expect(nm.consignments).toBe(3);
    expect(nm.nonconformity).toEqual({ count: 3, of: 3, share: 1 });
    expect(nm.portDwell).toEqual({ count: 2, medianSeconds: 1.5 * H, p90Seconds: 1.9 * H });
  });

  it('narrows by corridor: the train names it, or the port and inland bureau imply it', () => {
    const ids = (corridor: string) =>
      STATS_RECORDS.filter((r) => computeStats([r], { ...THE_DAY, corridor }).consignments === 1).map((r) => r.consignment.id);
    expect(ids('chongqing-duisburg')).toEqual(['C1', 'C2']);
    expect(ids('xian-almaty')).toEqual(['C5', 'C7']);
    expect(ids('suzhou-warsaw')).toEqual(['C3']);
    expect(ids('harbin-hamburg')).toEqual(['C8']);
    expect(computeStats(STATS_RECORDS, { corridor: 'yiwu-madrid' }).consignments).toBe(2);
  });

  it('finds no corridor for a consignment no service explains', () => {
    const urumqi: StatsRecord = {
      consignment: { id: 'X', direction: 'import', status: 'filed', portCode: 'ALASHANKOU', portBureau: 'XJ', responsibleBureaus: ['XJ'], createdAt: THE_DAY.from },
      events: [],
    };
    expect(corridorOf(urumqi)).toBeUndefined();
    expect(computeStats([urumqi], { corridor: 'chongqing-duisburg' }).consignments).toBe(0);
    expect(computeStats([]).filingToRelease).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
  });
});

describe('port dwell of consignments on a train', () => {
  const byId = (id: string) => STATS_RECORDS.find((r) => r.consignment.id === id)!;

  it('counts from the train reaching the border when the task opened before the train came', () => {
    // C1's port checks opened at 01:00; its train arrived at 02:00; the checks were done at 03:00.
    const c1 = { ...byId('C1'), trainArrivedAtBorder: '2024-03-01T02:00:00Z' };
    expect(computeStats([c1]).portDwell).toEqual({ count: 1, medianSeconds: 1 * H, p90Seconds: 1 * H });
  });

  it('counts from the task when the train came first, or after the port work was done', () => {
    const c1 = { ...byId('C1'), trainArrivedAtBorder: '2024-03-01T00:30:00Z' };
    // C7's port inspection (05–09) was done in the port yard before its train arrived at 10:00.
    const c7 = { ...byId('C7'), trainArrivedAtBorder: '2024-03-01T10:00:00Z' };
    expect(computeStats([c1, c7]).portDwell).toEqual({ count: 2, medianSeconds: 3 * H, p90Seconds: 3.8 * H });
  });
});

describe('quantile (linear between closest ranks)', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[7], 0.9, 7],
    [[5, 1, 3], 0.5, 3],
  ])('quantile(%j, %d) = %d', (values, q, expected) => {
    expect(quantile(values, q)).toBeCloseTo(expected, 10);
  });

  it('has none for no values', () => {
    expect(quantile([], 0.5)).toBeNull();
  });
});
