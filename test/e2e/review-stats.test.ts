import { beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { addDays, beijingDayOf } from '#shared/domain/statistics/periods.ts';
import { LifecycleDriver, passedPortChecks, type ConsignmentView } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const CONTAINER = 'CSQU3054383';

interface Stats {
  consignments: number;
  byStatus: Record<string, number>;
  importsDirectThrough: { count: number; of: number; share: number | null };
  exportsReleasedWithoutPortAction: { count: number; of: number; share: number | null };
  filingToRelease: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  portDwell: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  escalations: { count: number };
  nonconformity: { count: number; of: number; share: number | null };
}
const stats = async (token: string, query = '') => t.call<{ filter: Record<string, string>; stats: Stats }>('GET', `/stats${query}`, token);

/**
 * Five consignments driven through the API:
 * A import to CQ, direct-through, released; B bulk import to CQ, opened at the port, released;
 * C import to CQ, radiation alarm, returned at the port; D export from ZJ, released with no port
 * action; E export from ZJ, destroyed after the origin inspection. All through Alashankou (XJ).
 */
const trail: Record<'A' | 'B' | 'C' | 'D' | 'E', ConsignmentView> = {} as never;
let from = '';

async function portChecks(id: string, result = passedPortChecks([CONTAINER])) {
  await driver.complete('XJ', (await driver.task('XJ', id, 'port-checks')).id, result);
}

beforeAll(async () => {
  from = new Date().toISOString();
  const importer = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
  const exporter = await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
  const a = (await driver.file(importer, importFiling())).id;
  const b = (await driver.file(importer, importFiling({ goods: [goodsLine({ hsCode: '260111', categories: ['bulk'] })] }))).id;
  const c = (await driver.file(importer, importFiling())).id;
  const d = (await driver.file(exporter, exportFiling())).id;
  const e = (await driver.file(exporter, exportFiling())).id;

  await portChecks(a);
  await driver.complete('CQ', (await driver.task('CQ', a, 'destination-inspection')).id, { outcome: 'pass' });
  await portChecks(b);
  await driver.complete('XJ', (await driver.task('XJ', b, 'port-inspection')).id, { outcome: 'pass' });
  await driver.complete('CQ', (await driver.task('CQ', b, 'destination-inspection')).id, { outcome: 'pass' });
  await portChecks(c, {
    outcome: 'fail',
    details: { containers: [{ number: CONTAINER, radiation: 'alarm', quarantine: 'pass', treatment: 'not-needed' }], disposal: 'return' },
  } as never);
  await driver.complete('ZJ', (await driver.task('ZJ', d, 'origin-inspection')).id, { outcome: 'pass' });
  await driver.complete('ZJ', (await driver.task('ZJ', e, 'origin-inspection')).id, { outcome: 'fail', details: { disposal: 'destroy' } });
  for (const [key, id] of Object.entries({ A: a, B: b, C: c, D: d, E: e })) trail[key as keyof typeof trail] = await driver.settled(id);
  // Statistics are counted by the close step just after the close is written.
  const hq = await driver.hq();
  await eventually(async () => ((await stats(hq)).body.stats.consignments === 5 ? true : undefined), 'the five closes counted');
});

/**
 * Percentiles come from histograms kept as consignments close (shared/domain/statistics/
 * histogram.ts): within half a bucket, about 4.5 %, of the exact value.
 */
const close = (actual: number | null, expected: number) => expect(Math.abs((actual ?? Number.NaN) - expected) / expected).toBeLessThan(0.046);

/** Seconds between two events of a consignment's trail, by type (the first of each). */
function seconds(c: ConsignmentView, fromEvent: (e: ConsignmentView['events'][number]) => boolean, toEvent: (e: ConsignmentView['events'][number]) => boolean) {
  const at = (e: ConsignmentView['events'][number] | undefined) => Date.parse((e as unknown as { at: string }).at);
  return (at(c.events.find(toEvent)) - at(c.events.find(fromEvent))) / 1000;
}
const type = (name: string) => (e: { type: string }) => e.type === name;
const opened = (kind: string) => (e: { type: string; data?: Record<string, unknown> }) => e.type === 'task-opened' && e.data?.kind === kind;
const lastOf = (c: ConsignmentView, names: string[]) => (e: { type: string; sequence: number }) => e.sequence === Math.max(...c.events.filter((x) => names.includes(x.type)).map((x) => x.sequence));
/** Median and p90 by linear interpolation, by hand for three values a ≤ b ≤ c: b, and b + 0.8 (c − b). */
const ofThree = (values: number[]) => {
  const [a, b, c] = [...values].sort((x, y) => x - y) as [number, number, number];
  return { median: b, p90: b + 0.8 * (c - b), min: a };
};

describe('GET /stats through the API', () => {
  it('matches the figures computed by hand from the five consignments', async () => {
    const { status, body } = await stats(await driver.hq(), `?from=${encodeURIComponent(from)}`);
    expect(status).toBe(200);
    const s = body.stats;
    expect(s.consignments).toBe(5);
    // Statistics count consignments as they close: released and rejected.
    expect(s.byStatus).toEqual({ released: 3, rejected: 2 });
    expect(s.escalations.count).toBe(0);
    // A and B passed the port (C was stopped there); only A was not opened.
    expect(s.importsDirectThrough).toEqual({ count: 1, of: 2, share: 0.5 });
    // D is the one released export, and no port bureau touched it.
    expect(s.exportsReleasedWithoutPortAction).toEqual({ count: 1, of: 1, share: 1 });
    // Every one had a completed inspection; C (radiation alarm) and E (origin) failed.
    expect(s.nonconformity).toEqual({ count: 2, of: 5, share: 0.4 });

    const release = ofThree([trail.A, trail.B, trail.D].map((c) => seconds(c, type('filed'), type('released'))));
    expect(s.filingToRelease.count).toBe(3);
    close(s.filingToRelease.medianSeconds, release.median);
    close(s.filingToRelease.p90Seconds, release.p90);

    const portDone = ['port-checks-completed', 'port-inspection-completed'];
    const dwell = ofThree([trail.A, trail.B, trail.C].map((c) => seconds(c, opened('port-checks'), lastOf(c, portDone))));
    expect(s.portDwell.count).toBe(3);
    close(s.portDwell.medianSeconds, dwell.median);
    close(s.portDwell.p90Seconds, dwell.p90);
    expect(dwell.min).toBeGreaterThan(0);
  });

  it('narrows by direction, port and corridor', async () => {
    const hq = await driver.hq();
    const range = `from=${encodeURIComponent(from)}`;
    expect((await stats(hq, `?${range}&direction=export`)).body.stats.consignments).toBe(2);
    expect((await stats(hq, `?${range}&port=KHORGOS`)).body.stats.consignments).toBe(0);
    expect((await stats(hq, `?${range}&corridor=chongqing-duisburg`)).body.stats.consignments).toBe(3);
    expect((await stats(hq, `?${range}&corridor=yiwu-madrid`)).body.stats.byStatus).toMatchObject({ released: 1, rejected: 1 });
    // Windows are whole Beijing days: the day before the filings holds none of them.
    expect((await stats(hq, `?to=${addDays(beijingDayOf(from), -1)}`)).body.stats.consignments).toBe(0);
  });

  it('shows a bureau the statistics of its own consignments only', async () => {
    const cq = await stats(await driver.officer('CQ'));
    expect(cq.status).toBe(200);
    expect(cq.body.filter.bureau).toBe('CQ');
    expect(cq.body.stats.consignments).toBe(3);
    expect(cq.body.stats.exportsReleasedWithoutPortAction.of).toBe(0);
    expect((await stats(await driver.officer('XJ'))).body.stats.consignments).toBe(5);
    expect((await stats(await driver.officer('CQ'), '?bureau=ZJ')).status).toBe(403);
    expect((await stats(await driver.declarant('CQ', CREDIT_CODES.chongqingImporter))).status).toBe(403);
    expect((await stats(await driver.hq(), '?port=SHANGHAI')).status).toBe(400);
  });
});
