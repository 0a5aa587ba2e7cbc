import { describe, expect, it } from 'vitest';
import { consignmentFilingSchema } from '#shared/domain/consignment.ts';
import { planDay, planTotals } from '../../scripts/simulate/plan.ts';
import { routeOf } from '../../scripts/simulate/api.ts';
import { Random } from '../../scripts/simulate/random.ts';

describe('the simulated day plan', () => {
  it('is the same for the same seed and another for another seed', () => {
    expect(JSON.stringify(planDay({ seed: 5, trains: 8 }))).toBe(JSON.stringify(planDay({ seed: 5, trains: 8 })));
    expect(JSON.stringify(planDay({ seed: 6, trains: 8 }))).not.toBe(JSON.stringify(planDay({ seed: 5, trains: 8 })));
  });

  it('keeps to the volumes of issue 6: about 55 % outbound, 41 to 55 containers a train', () => {
    const plan = planDay({ seed: 1, trains: 400 });
    const totals = planTotals(plan);
    expect(totals.outbound / totals.trains).toBeGreaterThan(0.5);
    expect(totals.outbound / totals.trains).toBeLessThan(0.6);
    for (const train of plan.trains) {
      expect(train.containers.length).toBeGreaterThanOrEqual(41);
      expect(train.containers.length).toBeLessThanOrEqual(55);
      expect(train.consignments.flatMap((c) => c.containers)).toEqual(train.containers);
    }
    // 53 trains a day: 400 trains cross within 400/53 days after the first hours.
    const lastCrossingDays = Math.max(...plan.trains.map((t) => t.crossingMs)) / 86_400_000;
    expect(lastCrossingDays).toBeLessThan(12 / 24 + 400 / 53);
    const cargo = plan.trains.flatMap((t) => t.consignments.map((c) => c.cargo));
    const shareOf = (kind: string) => cargo.filter((c) => c === kind).length / cargo.length;
    expect(shareOf('general')).toBeGreaterThan(0.75);
    for (const kind of ['bulk', 'hazardous-chemical', 'dangerous-goods', 'high-risk-agricultural']) {
      expect(shareOf(kind)).toBeGreaterThan(0);
      expect(shareOf(kind)).toBeLessThan(0.06);
    }
  });

  it('files only what the API accepts, on the train the consignment rides, before the train crosses', () => {
    for (const train of planDay({ seed: 3, trains: 30 }).trains) {
      for (const c of train.consignments) {
        const parsed = consignmentFilingSchema.safeParse(c.filing);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(c.filing.portCode).toBe(train.portCode);
        expect(c.direction).toBe(train.direction === 'inbound' ? 'import' : 'export');
        expect(c.fileAtMs).toBeLessThan(train.crossingMs);
        expect(c.fileAtMs).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('simulation helpers', () => {
  it('draws log-normal response times around their median', () => {
    const random = new Random(9);
    const values = Array.from({ length: 20_001 }, () => random.lognormal(60, 0.5)).sort((a, b) => a - b);
    expect(values[10_000]).toBeGreaterThan(57);
    expect(values[10_000]).toBeLessThan(63);
    // p90 of a log-normal with σ 0.5 is the median × e^(1.2816 × 0.5) ≈ 1.90 ×.
    expect(values[18_000]! / values[10_000]!).toBeCloseTo(1.9, 1);
  });

  it('groups API latencies by route', () => {
    expect(routeOf('POST', '/tasks/01J9ZX.port-checks/complete')).toBe('POST /tasks/{id}/complete');
    expect(routeOf('GET', '/tasks?limit=100')).toBe('GET /tasks');
    expect(routeOf('GET', '/trains/X8001-20240301')).toBe('GET /trains/{id}');
    expect(routeOf('POST', '/trains/X8001-20240301/events')).toBe('POST /trains/{id}/events');
  });
});
