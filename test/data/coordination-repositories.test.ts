import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CaseRepository } from '#shared/data/case-repository.ts';
import { DirectoryRepository } from '#shared/data/directory-repository.ts';
import { AlreadyExistsError, ConflictError, IdempotencyKeyReusedError } from '#shared/data/errors.ts';
import { keys } from '#shared/data/keys.ts';
import { PolicyNoticeRepository } from '#shared/data/policy-notice-repository.ts';
import { ReportRepository } from '#shared/data/report-repository.ts';
import { createCase, openCaseSchema, type CoordinationCase } from '#shared/domain/coordination/case.ts';
import { directoryUpdateSchema, updateEntry } from '#shared/domain/coordination/directory.ts';
import { createPolicyNotice } from '#shared/domain/coordination/policy-notices.ts';
import { createReport } from '#shared/domain/coordination/reports.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const cases = () => new CaseRepository(table.config());
const directory = () => new DirectoryRepository(table.config());
const reports = () => new ReportRepository(table.config());
const notices = () => new PolicyNoticeRepository(table.config());

const CQ = { bureau: 'CQ' as const, subject: 'cq-1' };
let serial = 0;

function newCase(overrides: { at?: string; addressedBureau?: 'SC' | 'HB'; leadBureau?: 'XJ' | 'NM' } = {}) {
  serial++;
  const request = openCaseSchema.parse({ kind: 'documents', subject: { type: 'general' }, addressedBureau: overrides.addressedBureau ?? 'SC', title: `case ${serial}`, description: 'd' });
  return createCase(request, { id: `CASE-${String(serial).padStart(4, '0')}`, at: overrides.at ?? new Date().toISOString(), by: CQ, leadBureau: overrides.leadBureau ?? 'XJ', executionArn: 'arn' });
}

async function stored(overrides: Parameters<typeof newCase>[0] = {}): Promise<CoordinationCase> {
  const { coordinationCase, opened } = newCase(overrides);
  return cases().create(coordinationCase, opened);
}

describe('the case repository', () => {
  it('stores a case once, and finds a keyed one again for the same request only', async () => {
    const { coordinationCase, opened } = newCase();
    const keyed = { idempotencyKey: 'k-1', fingerprint: 'f-1' };
    const first = await cases().create(coordinationCase, opened, keyed);
    expect(first).toEqual(coordinationCase);
    expect(await cases().create(coordinationCase, opened, keyed)).toEqual(coordinationCase);
    expect(await cases().findKeyed(coordinationCase.id, keyed)).toEqual(coordinationCase);
    expect(await cases().findKeyed(coordinationCase.id, {})).toBeUndefined();
    await expect(cases().findKeyed(coordinationCase.id, { idempotencyKey: 'k-1', fingerprint: 'other' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(cases().create(coordinationCase, opened)).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await cases().get(coordinationCase.id)).not.toHaveProperty('requestKey');
  });

  it('moves a case only from the statuses given, with its status listing', async () => {
    const c = await stored();
    const waiting = await cases().change(c.id, { from: ['opened'], status: 'awaiting-answer', set: { dueAt: '2030-01-01T00:00:00.000Z' } });
    expect(waiting).toMatchObject({ status: 'awaiting-answer', dueAt: '2030-01-01T00:00:00.000Z', version: 2 });
    await expect(cases().change(c.id, { from: ['opened'], status: 'awaiting-answer' })).rejects.toBeInstanceOf(ConflictError);
    expect((await cases().list({ status: 'awaiting-answer' }, { limit: 100 })).items.map((x) => x.id)).toContain(c.id);
    expect((await cases().list({ status: 'opened' }, { limit: 100 })).items.map((x) => x.id)).not.toContain(c.id);
  });

  it('keeps the history in the order of the case’s life, each entry once', async () => {
    const c = await stored();
    // Written out of order and twice, with the workflow's clock far ahead of the API's.
    await cases().recordHistory(c.id, { type: 'escalated', at: '2031-01-03T00:00:00Z', level: 2, notified: 'XJ' });
    await cases().recordHistory(c.id, { type: 'resolved', at: '2030-01-01T00:00:00Z', by: { bureau: 'XJ', subject: 'x' }, level: 2 });
    await cases().recordHistory(c.id, { type: 'escalated', at: '2031-01-02T00:00:00Z', level: 1, notified: 'SC' });
    await cases().recordHistory(c.id, { type: 'awaiting-answer', at: '2031-01-01T00:00:00Z', notified: 'SC' });
    await cases().recordHistory(c.id, { type: 'escalated', at: '2031-01-02T00:00:00Z', level: 1, notified: 'SC' });
    expect((await cases().history(c.id)).map((e) => [e.type, e.level ?? null])).toEqual([
      ['opened', null],
      ['awaiting-answer', null],
      ['escalated', 1],
      ['escalated', 2],
      ['resolved', 2],
    ]);
  });

  it('numbers messages, takes none on a closed case or past the limit', async () => {
    const c = await stored();
    const limits = { openStatuses: ['opened', 'awaiting-answer'] as const, maxMessages: 2 };
    const first = await cases().addMessage(c.id, { text: 'one', by: CQ, at: 't1' }, limits);
    const second = await cases().addMessage(c.id, { text: 'two', by: CQ, at: 't2' }, limits);
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    await expect(cases().addMessage(c.id, { text: 'three', by: CQ, at: 't3' }, limits)).rejects.toBeInstanceOf(ConflictError);
    expect((await cases().messages(c.id)).map((m) => m.text)).toEqual(['one', 'two']);
    expect((await cases().get(c.id)).messageCount).toBe(2);

    const closed = await stored();
    await cases().change(closed.id, { from: ['opened'], status: 'withdrawn' });
    await expect(cases().addMessage(closed.id, { text: 'late', by: CQ, at: 't' }, limits)).rejects.toBeInstanceOf(ConflictError);
    expect(await cases().messages(closed.id)).toEqual([]);
  });

  it('lists a bureau’s cases through its entries, newest first, skipping an entry whose case was never stored', async () => {
    const older = await stored({ addressedBureau: 'HB', at: '2016-09-01T00:00:00Z' });
    const newer = await stored({ addressedBureau: 'HB', at: '2016-09-02T00:00:00Z' });
    const lost = await stored({ addressedBureau: 'HB', at: '2016-09-03T00:00:00Z' });
    const config = table.config();
    await config.client.send(new DeleteCommand({ TableName: config.tableName, Key: keys.coordinationCase(lost.id) }));
    const ids = (await cases().list({ bureau: 'HB' }, { limit: 100 })).items.map((c) => c.id);
    expect(ids).toEqual([newer.id, older.id]);
    for (const bureau of ['CQ', 'XJ'] as const) expect((await cases().list({ bureau }, { limit: 100 })).items.map((c) => c.id)).toEqual(expect.arrayContaining([newer.id, older.id]));
    expect((await cases().list({ bureau: 'HL' }, { limit: 100 })).items).toEqual([]);
    const page = await cases().list({ bureau: 'HB' }, { limit: 1 });
    expect(page.items.map((c) => c.id)).toEqual([]);
    expect(page.nextToken).toEqual(expect.any(String));
  });

  it('reads the cases opened in a window, one more than asked so a full window is told apart', async () => {
    const inside = [await stored({ at: '2001-03-01T00:00:00Z' }), await stored({ at: '2001-03-02T00:00:00Z' }), await stored({ at: '2001-03-03T00:00:00Z' })];
    await stored({ at: '2001-04-01T00:00:00Z' });
    const window = { from: '2001-03-01T00:00:00Z', to: '2001-03-31T00:00:00Z' };
    expect((await cases().openedWithin(window, 10)).map((c) => c.id).sort()).toEqual(inside.map((c) => c.id).sort());
    expect((await cases().openedWithin(window, 2)).length).toBeGreaterThan(2);
  });
});

describe('the directory repository', () => {
  const by = { bureau: 'LN' as const, subject: 'ln-1' };
  const update = (version: number, division: string) => directoryUpdateSchema.parse({ version, division: { zh: division }, contacts: [{ name: '刘洋', phone: '024-2345 6789' }] });

  it('writes an entry from the version read, refuses a stale one, and keeps every change in the history', async () => {
    const first = updateEntry('LN', undefined, update(0, '通关处'), { at: 't1', by });
    if (first.kind !== 'changed') throw new Error('expected a change');
    expect(await directory().put(first.entry, first.change, 0)).toEqual(first.entry);
    await expect(directory().put(first.entry, first.change, 0)).rejects.toBeInstanceOf(ConflictError);
    const second = updateEntry('LN', first.entry, update(1, '通关业务处'), { at: 't2', by });
    if (second.kind !== 'changed') throw new Error('expected a change');
    expect(await directory().put(second.entry, second.change, 1)).toMatchObject({ version: 2, division: { zh: '通关业务处' } });
    await expect(directory().put(second.entry, second.change, 1)).rejects.toBeInstanceOf(ConflictError);
    expect((await directory().history('LN')).map((c) => c.version)).toEqual([1, 2]);
    expect(await directory().find('LN')).not.toHaveProperty('lastChange');
    expect((await directory().findMany(['LN', 'TJ', 'LN'])).map((e) => e.bureau)).toEqual(['LN']);
  });
});

describe('reports and policy notices', () => {
  it('acknowledges a report once and lists reports for HQ and the filing bureau', async () => {
    const report = await reports().create(createReport({ kind: 'good-practice', title: 't', body: 'b' }, { id: 'REPORT-1', at: '2016-09-01T00:00:00Z', by: { bureau: 'TJ', subject: 'tj' } }));
    const acknowledged = await reports().acknowledge(report.id, { by: { bureau: 'HQ', subject: 'hq' }, at: 't2' });
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgement: { by: { bureau: 'HQ' } } });
    await expect(reports().acknowledge(report.id, { by: { bureau: 'HQ', subject: 'hq' }, at: 't3' })).rejects.toBeInstanceOf(ConflictError);
    expect((await reports().list({ bureau: 'TJ' })).items.map((r) => r.id)).toEqual([report.id]);
    expect((await reports().list({})).items.map((r) => r.id)).toContain(report.id);
    expect((await reports().list({ bureau: 'HB' })).items).toEqual([]);
  });

  it('lists notices newest first, all or one publisher’s', async () => {
    const older = await notices().create(createPolicyNotice({ title: 'a', body: 'b' }, { id: 'NOTICE-1', at: '2016-09-01T00:00:00Z', by: { bureau: 'TJ', subject: 'tj' } }));
    const newer = await notices().create(createPolicyNotice({ title: 'c', body: 'd' }, { id: 'NOTICE-2', at: '2016-09-02T00:00:00Z', by: { bureau: 'HQ', subject: 'hq' } }));
    expect((await notices().list({})).items.map((n) => n.id)).toEqual([newer.id, older.id]);
    expect((await notices().list({ bureau: 'TJ' })).items.map((n) => n.id)).toEqual([older.id]);
  });
});
