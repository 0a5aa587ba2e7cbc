import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

// An hour passes in a second: the re-export deadline is reached while the test waits.
const t = useTestCloud({ timeScale: 3600 });
const driver = new LifecycleDriver(t);
const HOUR = 3_600_000;
const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);

interface PairView {
  importId: string;
  bureau: string;
  status: string;
  reExportBy: string;
  reExportId?: string;
  escalatedAt?: string;
}

const repairImport = (reExportBy: string) => importFiling({ tradeMode: 'global-maintenance', maintenance: { reExportBy } });
const reExport = (importId: string) =>
  exportFiling({
    tradeMode: 'global-maintenance',
    originBureau: 'CQ',
    consignor: { name: '重庆渝欧进出口有限公司', country: 'CN', creditCode: CREDIT_CODES.chongqingImporter },
    consignee: { name: 'Duisburg Trading GmbH', country: 'DE' },
    maintenance: { importId },
  });

describe('global maintenance (全球维修, 408号 三（四）): the repair import and its re-export as a pair, end to end', () => {
  it('escalates a pair still in China at its deadline, and closes it with the re-export', async () => {
    const due = new Date(t.cloud.clock.now() + 6 * HOUR).toISOString();
    const filed = await driver.file(await importer(), repairImport(due), { 'Idempotency-Key': 'repair-1' });
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain('GLOBAL_MAINTENANCE_RE_EXPORT_DUE');
    const opened = await t.call<PairView>('GET', `/maintenance/${filed.id}`, await importer());
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ importId: filed.id, bureau: 'CQ', reExportBy: due });
    // Six hours pass in six seconds: on a busy machine the deadline may have passed already.
    const readBeforeDeadline = t.cloud.clock.now() < Date.parse(due);
    expect(readBeforeDeadline ? opened.body.status : 'awaiting-re-export').toBe('awaiting-re-export');

    // The deadline passes on the engine's clock: the pair is escalated, and CQ and HQ hear.
    const overdue = await eventually(async () => {
      const read = await t.call<PairView>('GET', `/maintenance/${filed.id}`, await driver.officer('CQ'));
      return read.body.status === 'overdue' ? read.body : undefined;
    }, 'the pair to be escalated', 30_000);
    expect(overdue.escalatedAt).toBeDefined();
    for (const token of [await driver.officer('CQ'), await driver.hq(), await importer()]) {
      const [notice] = await driver.notices(token, filed.id, ['maintenance-overdue']);
      expect(notice?.data?.importId).toBe(filed.id);
    }
    const listed = await t.call<{ items: PairView[] }>('GET', '/maintenance?status=overdue', await driver.officer('CQ'));
    expect(listed.body.items.map((p) => p.importId)).toContain(filed.id);
    const open = await t.call<{ items: PairView[] }>('GET', '/maintenance', await driver.hq());
    expect(open.body.items.map((p) => p.importId)).toContain(filed.id);

    // The late re-export closes the pair; a second one citing the same import is refused.
    const left = await driver.file(await importer(), reExport(filed.id), { 'Idempotency-Key': 'repair-1-out' });
    expect(left.inspectionPlan.reasons.map((r) => r.code)).toContain('GLOBAL_MAINTENANCE_RE_EXPORT_OF');
    const closed = await t.call<PairView>('GET', `/maintenance/${filed.id}`, await driver.hq());
    expect(closed.body).toMatchObject({ status: 're-exported', reExportId: left.id });
    const stillOpen = await t.call<{ items: PairView[] }>('GET', '/maintenance', await driver.hq());
    expect(stillOpen.body.items.map((p) => p.importId)).not.toContain(filed.id);
    const again = await t.call('POST', '/consignments', await importer(), reExport(filed.id), { 'Idempotency-Key': 'repair-1-out-again' });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain('body.maintenance.importId');
  });

  it('refuses a deadline past or too far and a re-export of an unknown or foreign import, naming the field; without a deadline, 180 days', async () => {
    const before = await driver.consignmentCount();
    const past = await t.call('POST', '/consignments', await importer(), repairImport(new Date(t.cloud.clock.now() - HOUR).toISOString()), { 'Idempotency-Key': 'repair-past' });
    expect(past.status).toBe(400);
    expect(past.contentType).toContain('application/problem+json');
    expect(JSON.stringify(past.body)).toContain('body.maintenance.reExportBy');
    const tooFar = await t.call('POST', '/consignments', await importer(), repairImport(new Date(t.cloud.clock.now() + 400 * 24 * HOUR).toISOString()), { 'Idempotency-Key': 'repair-far' });
    expect(tooFar.status).toBe(400);
    expect(JSON.stringify(tooFar.body)).toContain('body.maintenance.reExportBy');
    const unknown = await t.call('POST', '/consignments', await importer(), reExport('NO-SUCH-IMPORT'), { 'Idempotency-Key': 'repair-unknown' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('GLOBAL_MAINTENANCE_IMPORT_UNKNOWN');
    expect(await driver.consignmentCount()).toBe(before);

    const undeclared = await driver.file(await importer(), importFiling({ tradeMode: 'global-maintenance' }), { 'Idempotency-Key': 'repair-default' });
    const byDefault = await t.call<PairView & { filedAt: string }>('GET', `/maintenance/${undeclared.id}`, await importer());
    expect(Date.parse(byDefault.body.reExportBy) - Date.parse(byDefault.body.filedAt)).toBe(180 * 24 * HOUR);

    // Another enterprise cannot re-export (or read) the Chongqing importer's repair import.
    const filed = await driver.file(await importer(), repairImport(new Date(t.cloud.clock.now() + 1000 * HOUR).toISOString()), { 'Idempotency-Key': 'repair-2' });
    const yiwu = await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
    const foreign = await t.call('POST', '/consignments', yiwu, exportFiling({ tradeMode: 'global-maintenance', maintenance: { importId: filed.id } }), { 'Idempotency-Key': 'repair-foreign' });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('body.maintenance.importId');
    expect((await t.call('GET', `/maintenance/${filed.id}`, yiwu)).status).toBe(403);
    expect((await t.call('GET', `/maintenance/${filed.id}`, await driver.officer('ZJ'))).status).toBe(403);
  });
});
