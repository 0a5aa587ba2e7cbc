import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../scripts/simulate/run.ts';
import { formatSummary } from '../../scripts/simulate/print.ts';

/**
 * `npm run simulate` as a smoke test: two trains (seed 11: an inbound train into Zhejiang with
 * high-risk agricultural goods opened at the port, an outbound one with a bulk export and a
 * radiation alarm) run in-process at 10 000× time, so about six simulated days take under a minute
 * (slower would only take longer; faster outruns a machine busy with other work).
 */
describe('npm run simulate, in process', () => {
  it('runs a short day through the API to the end and reports it', { timeout: 240_000 }, async () => {
    const summary = await runSimulation({ trains: 2, seed: 11, timeScale: 10_000, inProcess: true, apiUrl: '', dataDir: '', progress: false, maxMinutes: 3.5 });
    expect(summary.problems).toEqual([]);
    expect(summary.run.withTrains).toBe(true);
    expect(summary.plan).toMatchObject({ trains: 2, outbound: 1, consignments: 29, containers: 100 });
    expect(summary.throughput.consignmentsFiled).toBe(29);
    // Everything ends released or rejected.
    expect(Object.keys(summary.finalStatus).sort()).toEqual(expect.arrayContaining(['released']));
    expect((summary.finalStatus.released ?? 0) + (summary.finalStatus.rejected ?? 0)).toBe(29);
    expect(summary.stats.consignments).toBe(29);
    // Imports went direct-through on the train's results, except the ones opened at the port.
    expect(summary.trainRuns.coveredByTrain).toBeGreaterThan(10);
    expect(summary.stats.importsDirectThrough.share).toBeGreaterThan(0.5);
    expect(summary.stats.importsDirectThrough.share).toBeLessThan(1);
    expect(summary.counterfactual.openedAtPort.counterfactual).toBeGreaterThan(summary.counterfactual.openedAtPort.actual);
    expect(summary.transitions.perConsignment.executions).toBe(29);
    expect(summary.transitions.perConsignment.mean).toBeGreaterThan(3);
    expect(summary.transitions.perTrainRun.executions).toBeGreaterThanOrEqual(2);
    expect(summary.latency.p50Ms).toBeGreaterThan(0);
    expect(formatSummary(summary)).toContain('Consignments by final status');
  });
});
