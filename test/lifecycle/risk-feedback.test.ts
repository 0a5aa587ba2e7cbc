import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { dataConfig } from '#shared/data/config.ts';
import { createRepositories } from '#shared/data/repositories.ts';
import { StatisticsRepository, type AggregateKey, type Counters } from '#shared/data/statistics-repository.ts';
import type { ConsignmentFiling } from '#shared/domain/consignment.ts';
import { DEFAULT_RISK_SETTINGS, type RiskSettings } from '#shared/domain/risk/risk-settings.ts';
import type { AggregateTarget } from '#shared/domain/statistics/contribution.ts';
import { beijingDayOf, periodsAt } from '#shared/domain/statistics/periods.ts';
import { statsQuerySchema } from '#shared/domain/statistics/stats-query.ts';
import { closeConsignment } from '#shared/lifecycle/consignments/close-consignment.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { updateConsignment } from '#shared/lifecycle/consignments/consignment-updates.ts';
import { Conflict, InvalidInput, NotAllowed } from '#shared/lifecycle/errors.ts';
import { relayOutbox } from '#shared/lifecycle/outbox.ts';
import { repos, usePorts } from '#shared/lifecycle/ports.ts';
import { replayPolicy } from '#shared/lifecycle/risk/policy-replay.ts';
import { qualityAssessment } from '#shared/lifecycle/risk/quality-assessments.ts';
import { changeSettings, riskSettingsView } from '#shared/lifecycle/risk/risk-settings.ts';
import { itemKey, labelsOf } from '#shared/lifecycle/statistics/aggregate-items.ts';
import { recordClosingStatistics } from '#shared/lifecycle/statistics/record-closing-statistics.ts';
import { statsFor } from '#shared/review/stats-source.ts';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from '../domain/fixtures.ts';
import { useApplication } from './fakes.ts';

useApplication();
/** The application's table (useApplication points the environment at it). */
const table = { config: () => dataConfig() };

const importer: CallerIdentity = { subject: 'declarant-1', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const exporter: CallerIdentity = { subject: 'exporter-1', bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter };
const cq: CallerIdentity = { subject: 'officer-cq', bureau: 'CQ', role: 'officer' };
const zj: CallerIdentity = { subject: 'officer-zj', bureau: 'ZJ', role: 'officer' };
const hq: CallerIdentity = { subject: 'hq-1', bureau: 'HQ', role: 'hq' };
const arn = 'arn:aws:states:eu-central-1:000000000000:execution:ConsignmentExport:x';

/** A consignment filed and closed, with an inspection result in its trail (what the workflow would have recorded). */
async function closed(filing: ConsignmentFiling, caller: CallerIdentity, outcome: 'pass' | 'fail') {
  const consignment = await fileConsignment(filing, caller);
  const kind = filing.direction === 'import' ? 'destination-inspection' : 'origin-inspection';
  await updateConsignment(consignment.id, () => ({ event: { type: `${kind}-completed`, actor: { role: 'officer', bureau: 'ZJ' }, data: { outcome } } }));
  return closeConsignment({ consignmentId: consignment.id, outcome: outcome === 'pass' ? 'released' : 'rejected', executionArn: arn });
}

const stats = (caller: CallerIdentity, query: Record<string, string> = {}) => statsFor(caller, statsQuerySchema.parse(query));

/** History from before today, added to the items as yesterday's closes would have (a replay reads up to the day before each filing). */
async function seedYesterday(target: AggregateTarget, counters: Counters) {
  for (const period of periodsAt(new Date(Date.now() - 86_400_000))) await repos().statistics.addOnce(itemKey(target, period), counters, `SEED-${Math.random()}`, labelsOf(target, period));
}
const itemCount = async () => (await table.config().client.send(new ScanCommand({ TableName: table.config().tableName, Select: 'COUNT' }))).Count;

describe('statistics kept as consignments close', () => {
  it('counts a close in its Beijing day, for HQ and each bureau, by dimension and direction', async () => {
    const before = (await stats(hq)).stats;
    const toys = await closed(exportFiling(), exporter, 'fail');
    const after = await stats(hq);
    expect(after.window.to).toBe(beijingDayOf(new Date()));
    expect(after.stats.consignments).toBe(before.consignments + 1);
    expect(after.stats.byStatus.rejected).toBe(before.byStatus.rejected + 1);
    expect(after.stats.nonconformity.count).toBe(before.nonconformity.count + 1);
    expect((await stats(zj)).filter.bureau).toBe('ZJ');
    expect((await stats(zj, { hsChapter: '95' })).stats.consignments).toBeGreaterThanOrEqual(1);
    expect((await stats(cq, { hsChapter: '95' })).stats.consignments).toBe(0);
    expect((await stats(hq, { enterprise: CREDIT_CODES.yiwuExporter, direction: 'import' })).stats.consignments).toBe(0);
    expect(toys.status).toBe('rejected');
  });

  it('does not count a retried close twice', async () => {
    const consignment = await closed(importFiling(), importer, 'pass');
    const once = (await stats(hq, { port: 'ALASHANKOU' })).stats.consignments;
    const request = { consignmentId: consignment.id, outcome: 'released' as const, executionArn: arn };
    await closeConsignment(request);
    await closeConsignment(request);
    expect(await recordClosingStatistics(consignment)).toBe('counted-before');
    expect((await stats(hq, { port: 'ALASHANKOU' })).stats.consignments).toBe(once);
  });

  it('counts a close in one transaction: the marker says counted, no item carries a mark, and a concurrent attempt adds nothing', async () => {
    const consignment = await fileConsignment(importFiling({ goods: [goodsLine({ hsCode: '940360' })] }), importer);
    const chapter = async () => (await stats(hq, { hsChapter: '94' })).stats.consignments;
    const before = await chapter();
    await updateConsignment(consignment.id, () => ({ event: { type: 'destination-inspection-completed', actor: { role: 'officer', bureau: 'CQ' }, data: { outcome: 'pass' } } }));
    // Two attempts of the close step at once (a retry while the first still runs).
    const closing = { consignmentId: consignment.id, outcome: 'released' as const, executionArn: arn };
    await Promise.all([closeConsignment(closing), closeConsignment(closing)]);
    expect(await chapter()).toBe(before + 1);
    expect(await repos().statistics.findCount(consignment.id)).toMatchObject({ state: 'counted', attempt: 'transaction' });
    const marked = await table.config().client.send(new ScanCommand({ TableName: table.config().tableName, FilterExpression: 'contains(countedFor, :id)', ExpressionAttributeValues: { ':id': consignment.id } }));
    expect(marked.Items).toEqual([]);
  });

  it('finishes a count that a crash cut short, adding each item once (the outbox relay)', async () => {
    // Thirty headings: more items than one transaction holds, so the count goes item by item.
    const headings = Array.from({ length: 30 }, (_, i) => `84${String(i + 1).padStart(2, '0')}90`);
    const consignment = await fileConsignment(importFiling({ goods: headings.map((hsCode) => goodsLine({ hsCode, originCountry: 'RU' })) }), importer);
    const total = async () => (await stats(hq)).stats.consignments;
    const totalBefore = await total();
    // The close step dies after four of its item writes (the first: every consignment's day and month).
    class Crashing extends StatisticsRepository {
      writes = 0;
      override async addOnce(key: AggregateKey, counters: Counters, id: string, labels: Record<string, string>) {
        if (++this.writes > 4) throw new Error('injected: the close step died');
        return super.addOnce(key, counters, id, labels);
      }
    }
    const crashing = new Crashing(table.config());
    const restore = usePorts({ repositories: { ...createRepositories(table.config()), statistics: crashing } });
    await expect(closeConsignment({ consignmentId: consignment.id, outcome: 'released', executionArn: arn })).rejects.toThrow('injected');
    restore();
    const chapter = async () => (await stats(hq, { hsChapter: '84' })).stats.consignments;
    const chapterBefore = await chapter();
    // The lease holds a retry off while the dead attempt might still be counting...
    expect(await recordClosingStatistics(await repos().consignments.get(consignment.id))).toBe('in-progress');
    // ...and the relay, once the lease is over, finishes it: every item once, none twice.
    const report = await relayOutbox({ now: new Date(Date.now() + 120_000), inFlightSeconds: 0 });
    expect(report.countsFinished).toBe(1);
    expect(await chapter()).toBe(chapterBefore + 1);
    expect(await total()).toBe(totalBefore + 1);
    expect((await stats(hq, { enterprise: CREDIT_CODES.chongqingImporter })).stats.consignments).toBeGreaterThanOrEqual(1);
    expect(await recordClosingStatistics(await repos().consignments.get(consignment.id))).toBe('counted-before');
    expect(await chapter()).toBe(chapterBefore + 1);
    const marker = await repos().statistics.findCount(consignment.id);
    expect(marker).toMatchObject({ state: 'counted' });
    expect(marker?.items).toBeUndefined();
  });

  it('refuses a window over 366 days and declarants, naming the field', async () => {
    await expect(stats(hq, { from: '2020-01-01', to: '2024-01-01' })).rejects.toMatchObject({ issues: [{ path: 'from' }] });
    await expect(stats(importer)).rejects.toBeInstanceOf(NotAllowed);
    await expect(stats(cq, { bureau: 'ZJ' })).rejects.toBeInstanceOf(NotAllowed);
  });
});

describe('risk feedback: thresholds, grades at filing, quality assessment, replay', () => {
  const strict: RiskSettings = {
    enterprise: { ...DEFAULT_RISK_SETTINGS.enterprise, minInspected: 1, gradeA: null },
    commodity: { ...DEFAULT_RISK_SETTINGS.commodity, minInspected: 1, gradeA: null },
  };

  it('lets only HQ change the thresholds, from the version read, and keeps the history', async () => {
    await expect(changeSettings({ version: 0, settings: strict, reason: 'x' }, cq)).rejects.toBeInstanceOf(NotAllowed);
    await expect(changeSettings({ version: 3, settings: strict, reason: 'x' }, hq)).rejects.toBeInstanceOf(Conflict);
    expect((await riskSettingsView(cq)).history).toBeUndefined();
    expect(await riskSettingsView(cq)).toMatchObject({ version: 0, settings: DEFAULT_RISK_SETTINGS });
  });

  it('raises the level of a new filing of an enterprise with a nonconforming history, once HQ lowers the bar', async () => {
    const history = await closed(exportFiling({ goods: [goodsLine({ hsCode: '950300', originCountry: 'CN', categories: ['general'] })] }), exporter, 'fail');
    expect(history.status).toBe('rejected');
    const before = await fileConsignment(exportFiling(), exporter);
    expect(before.inspectionPlan?.originInspection?.level).toBe('standard');
    const yesterday = { 'e.n': 2, 'e.ins': 2, 'e.nc': 1 };
    await seedYesterday({ scope: 'ALL', dimension: 'enterprise', value: CREDIT_CODES.yiwuExporter }, yesterday);
    await seedYesterday({ scope: 'ALL', dimension: 'commodity', value: 'CN#9503' }, yesterday);

    // A replay of the filings so far under the stricter thresholds writes nothing and shows the change.
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const items = await itemCount();
    const replay = await replayPolicy({ from, to, settings: strict }, hq);
    expect(await itemCount()).toBe(items);
    const replayed = replay.changes.find((c) => c.consignmentId === before.id);
    expect(replayed).toMatchObject({ recorded: { level: 'standard' }, current: { level: 'standard' }, proposed: { level: 'intensified' } });
    expect(replayed?.reasonCodes.added).toEqual(expect.arrayContaining(['ENTERPRISE_RISK_GRADE_D', 'COMMODITY_RISK_GRADE_D']));
    expect(replay.totals.levelRaised).toBeGreaterThanOrEqual(1);
    await expect(replayPolicy({ from, to, settings: strict }, cq)).rejects.toBeInstanceOf(NotAllowed);

    const changed = await changeSettings({ version: 0, settings: strict, reason: '出口玩具不合格，从严' }, hq);
    expect(changed.version).toBe(1);
    expect((await riskSettingsView(hq)).history).toEqual([expect.objectContaining({ version: 1, reason: '出口玩具不合格，从严', by: { bureau: 'HQ', subject: 'hq-1' } })]);
    const after = await fileConsignment(exportFiling(), exporter);
    expect(after.inspectionPlan?.originInspection?.level).toBe('intensified');
    const reason = after.inspectionPlan?.reasons.find((r) => r.code === 'ENTERPRISE_RISK_GRADE_D');
    expect(reason?.text.en).toMatch(/of \d+ inspected consignments nonconforming/);
    expect(after.inspectionPlan?.reasons.map((r) => r.code)).toContain('COMMODITY_RISK_GRADE_D');
    // The same thresholds again change nothing.
    expect((await changeSettings({ version: 1, settings: strict, reason: 'again' }, hq)).version).toBe(1);
  });

  it("gives an enterprise's quality assessment per heading to bureaus, HQ and the enterprise itself", async () => {
    const own = await qualityAssessment(exporter, { direction: 'export' });
    expect(own.enterprise).toBe(CREDIT_CODES.yiwuExporter);
    const toys = own.headings.find((h) => h.hsHeading === '9503');
    expect(toys?.windows.map((w) => w.days)).toEqual([90, 365]);
    expect(toys?.windows[0]).toMatchObject({ nonconforming: expect.any(Number), inspected: expect.any(Number) });
    expect(toys!.windows[0]!.nonconforming).toBeGreaterThanOrEqual(1);
    expect(own.overall.riskGrade.grade).toBe('D');
    expect((await qualityAssessment(cq, { enterprise: CREDIT_CODES.yiwuExporter, hsHeading: '9503', direction: 'export' })).headings).toHaveLength(1);
    await expect(qualityAssessment(importer, { enterprise: CREDIT_CODES.yiwuExporter, direction: 'export' })).rejects.toBeInstanceOf(NotAllowed);
    await expect(qualityAssessment(cq, { direction: 'export' })).rejects.toBeInstanceOf(InvalidInput);
  });
});
