import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, goodsLine } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { expectValidHistory } from './support/history-order.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);

describe('export direct release (出口直放), end to end through the API', () => {
  it('releases after the origin inspection with an electronic clearance document, and the port only hears of it', async () => {
    const filed = await driver.file(await declarant(), exportFiling());
    expect(filed.inspectionPlan.portInspection).toBe(false);
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain('EXPORT_DIRECT_RELEASE');

    const origin = await driver.task('ZJ', filed.id, 'origin-inspection');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-origin-inspection');
    await driver.complete('ZJ', origin.id, { outcome: 'pass' });

    const released = await driver.settled(filed.id);
    expect(released.status).toBe('released');
    expect(released.clearanceDocument?.issuedBy).toBe('ZJ');
    expect(released.clearanceDocument?.number).toMatch(/^ZJ\d{8}/);
    expect(released.events.map((e) => e.type)).toEqual(['filed', 'task-opened', 'origin-inspection-completed', 'released']);

    const portTasks = await t.call<{ items: Array<{ consignmentId: string }> }>('GET', '/tasks', await driver.officer('XJ'));
    expect(portTasks.body.items.some((task) => task.consignmentId === filed.id)).toBe(false);
    const [notice, ...others] = await driver.notices(await driver.officer('XJ'), filed.id, ['released']);
    expect(others).toEqual([]);
    expect(notice?.kind).toBe('released');
    expect((notice?.data?.clearanceDocument as { number: string } | undefined)?.number).toBe(released.clearanceDocument?.number);

    // The consignment is released inside the last step, which then counts it into the statistics;
    // the execution succeeds once that step returns (as in import-lifecycle.test.ts).
    const history = await eventually(async () => {
      const read = await t.call<{ status: string; events: Array<Record<string, unknown>> }>('GET', `/consignments/${filed.id}/history`, await driver.hq());
      return read.body.status === 'SUCCEEDED' ? read : undefined;
    }, 'the execution to succeed');
    expectValidHistory(history.body.events);
  });

  it.each([
    ['dangerous goods (危险货物)', 'dangerous-goods', 'EXPORT_EXCEPTION_DANGEROUS_GOODS', '360410'],
    ['bulk commodities (散装商品)', 'bulk', 'EXPORT_EXCEPTION_BULK', '100199'],
  ] as const)('sends %s to port inspection, where the port issues the clearance', async (_name, category, reason, hsCode) => {
    const filed = await driver.file(await declarant(), exportFiling({ goods: [goodsLine({ hsCode, originCountry: 'CN', categories: [category] })] }));
    expect(filed.inspectionPlan.portInspection).toBe(true);
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain(reason);

    const origin = await driver.task('ZJ', filed.id, 'origin-inspection');
    await driver.complete('ZJ', origin.id, { outcome: 'pass' });
    const port = await driver.task('XJ', filed.id, 'port-inspection');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-inspection');
    await driver.complete('XJ', port.id, { outcome: 'pass' });

    const released = await driver.settled(filed.id);
    expect(released.status).toBe('released');
    expect(released.clearanceDocument?.issuedBy).toBe('XJ');
  });

  it('holds back an export the origin bureau rejects, with no clearance document', async () => {
    const filed = await driver.file(await declarant(), exportFiling());
    const origin = await driver.task('ZJ', filed.id, 'origin-inspection');
    await driver.complete('ZJ', origin.id, { outcome: 'fail', details: { disposal: 'destroy', findings: 'unsafe toys (small parts)' } });
    const rejected = await driver.settled(filed.id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.clearanceDocument).toBeUndefined();
  });
});
