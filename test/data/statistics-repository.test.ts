import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/data/errors.ts';
import { keys } from '#shared/data/keys.ts';
import { RiskSettingsRepository } from '#shared/data/risk-settings-repository.ts';
import { StatisticsRepository } from '#shared/data/statistics-repository.ts';
import { DEFAULT_RISK_SETTINGS, changeRiskSettings } from '#shared/domain/risk/risk-settings.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const repo = () => new StatisticsRepository(table.config());
const item = (n: number) => keys.statistics(`ALL#port#TEST-${n}`, 'DAY#2024-03-01');
const labels = { scope: 'ALL', dimension: 'port', value: 'TEST', period: '2024-03-01' };

async function raw(key: { pk: string; sk: string }) {
  const { Item } = await table.config().client.send(new GetCommand({ TableName: table.config().tableName, Key: key, ConsistentRead: true }));
  return Item;
}

describe('statistics items (ADD, once per consignment)', () => {
  it('adds a consignment to an item once, and other consignments beside it', async () => {
    const key = item(1);
    expect(await repo().addOnce(key, { 'i.n': 1, 'i.kg': 12.5 }, 'C1', labels)).toBe(true);
    expect(await repo().addOnce(key, { 'i.n': 1, 'i.kg': 12.5 }, 'C1', labels)).toBe(false);
    expect(await repo().addOnce(key, { 'i.n': 1, 'e.n': 2 }, 'C2', labels)).toBe(true);
    const read = await repo().read([key, item(999)]);
    expect(read.get(`${key.pk}|${key.sk}`)).toEqual({ 'i.n': 2, 'i.kg': 12.5, 'e.n': 2 });
    expect(read.has(`${item(999).pk}|${item(999).sk}`)).toBe(false);
    expect((await raw(key))?.countedFor).toEqual(new Set(['C1', 'C2']));
    await repo().removeMark(key, 'C1');
    await repo().removeMark(key, 'C2');
    await repo().removeMark(item(998), 'C1');
    expect((await raw(key))?.countedFor).toBeUndefined();
    // Marks gone, counters stay; a missing item is not created by removing a mark.
    expect((await repo().read([key])).get(`${key.pk}|${key.sk}`)).toEqual({ 'i.n': 2, 'i.kg': 12.5, 'e.n': 2 });
    expect(await raw(item(998))).toBeUndefined();
  });

  it('reads more than a batch of items', async () => {
    const many = Array.from({ length: 130 }, (_, i) => item(100 + i));
    await repo().loadTotals(many.map((key, i) => ({ key, counters: { 'e.n': i }, labels })));
    const read = await repo().read(many);
    expect(read.size).toBe(130);
    expect(read.get(`${many[129]!.pk}|${many[129]!.sk}`)).toEqual({ 'e.n': 129 });
  });

  it('lets one attempt hold a count, another take over a lease run out, and only the holder finish it', async () => {
    const items = [item(1)];
    const t0 = '2024-03-01T00:00:00.000Z';
    expect(await repo().claimCount('C9', { attempt: 'A', now: t0, leaseUntil: '2024-03-01T00:01:00.000Z', items })).toBe(true);
    expect(await repo().claimCount('C9', { attempt: 'B', now: '2024-03-01T00:00:30.000Z', leaseUntil: '2024-03-01T00:01:30.000Z', items })).toBe(false);
    expect((await repo().listStaleCounts('2024-03-01T00:02:00.000Z')).items.map((m) => m.consignmentId)).toContain('C9');
    expect((await repo().listStaleCounts('2024-03-01T00:00:30.000Z')).items.map((m) => m.consignmentId)).not.toContain('C9');
    expect(await repo().claimCount('C9', { attempt: 'B', now: '2024-03-01T00:02:00.000Z', leaseUntil: '2024-03-01T00:03:00.000Z', items })).toBe(true);
    expect(await repo().finishCount('C9', 'A', '2024-03-01T00:02:10.000Z')).toBe(false);
    expect(await repo().finishCount('C9', 'B', '2024-03-01T00:02:10.000Z')).toBe(true);
    const marker = await repo().findCount('C9');
    expect(marker).toMatchObject({ consignmentId: 'C9', state: 'counted', attempt: 'B', startedAt: t0, items: [`${items[0]!.pk}|${items[0]!.sk}`] });
    expect((await repo().listStaleCounts('2099-01-01T00:00:00.000Z')).items.map((m) => m.consignmentId)).not.toContain('C9');
    // Counted is final: no attempt claims it again.
    expect(await repo().claimCount('C9', { attempt: 'C', now: '2099-01-01T00:00:00.000Z', leaseUntil: '2099-01-01T00:01:00.000Z', items })).toBe(false);
    await repo().forgetItems('C9');
    expect((await repo().findCount('C9'))?.items).toBeUndefined();
  });

  it("keeps an enterprise's HS headings as a set", async () => {
    await repo().recordHeadings('91330782MA28A0001M', ['9503', '8471']);
    await repo().recordHeadings('91330782MA28A0001M', ['9503']);
    await repo().recordHeadings('91330782MA28A0001M', []);
    expect(await repo().headingsOf('91330782MA28A0001M')).toEqual(['8471', '9503']);
    expect(await repo().headingsOf('91500000MA5U000010')).toEqual([]);
  });
});

describe('risk settings (version-guarded, audited)', () => {
  const settings = () => new RiskSettingsRepository(table.config());
  const meta = (n: number) => ({ at: `2024-05-2${n}T08:00:00.000Z`, by: { bureau: 'HQ' as const, subject: 'hq-1' } });

  it('starts with nothing stored, takes changes from the version read, and keeps every change', async () => {
    expect(await settings().find()).toBeUndefined();
    expect(await settings().history()).toEqual([]);
    const first = changeRiskSettings({ settings: DEFAULT_RISK_SETTINGS, version: 0 }, { version: 0, settings: { ...DEFAULT_RISK_SETTINGS, enterprise: { ...DEFAULT_RISK_SETTINGS.enterprise, minInspected: 2 } }, reason: 'one' }, meta(1))!;
    await settings().change(0, first.record, first.change);
    await expect(settings().change(0, first.record, first.change)).rejects.toBeInstanceOf(ConflictError);
    const second = changeRiskSettings(first.record, { version: 1, settings: DEFAULT_RISK_SETTINGS, reason: 'two' }, meta(2))!;
    await settings().change(1, second.record, second.change);
    await expect(settings().change(1, second.record, second.change)).rejects.toMatchObject({ details: { actualVersion: 2 } });
    expect(await settings().find()).toMatchObject({ version: 2, settings: DEFAULT_RISK_SETTINGS, lastChange: { version: 2, reason: 'two' } });
    const history = await settings().history();
    expect(history.map((h) => [h.version, h.reason, h.changes])).toEqual([
      [1, 'one', { 'enterprise.minInspected': { from: 5, to: 2 } }],
      [2, 'two', { 'enterprise.minInspected': { from: 2, to: 5 } }],
    ]);
  });
});
