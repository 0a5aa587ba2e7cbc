import { describe, expect, it } from 'vitest';
import { lifecycleDeadlines } from '#shared/domain/tasks/deadlines.ts';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

// Chongqing's deadline (72 hours after the goods' rail journey from Alashankou) passes every 2 s:
// long enough for the steps between two deadlines to run on a machine busy with other work.
const deadlines = lifecycleDeadlines({ direction: 'import', portCode: 'ALASHANKOU', inlandBureau: 'CQ', filedAt: new Date().toISOString() });
const TIME_SCALE = deadlines['destination-inspection'] / 2;
const t = useTestCloud({ timeScale: TIME_SCALE });
const driver = new LifecycleDriver(t);

describe('a deadline that passes (escalation, 408号 四（二）、（三）)', () => {
  it('reminds the responsible bureau, then the lead bureau of the port, then HQ, and keeps waiting for the answer', { timeout: 90_000 }, async () => {
    const token = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    const filed = await driver.file(token, importFiling());
    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    await driver.complete('XJ', portChecks.id, passedPortChecks(['CSQU3054383']));
    const first = await driver.task('CQ', filed.id, 'destination-inspection');

    const escalations = await eventually(async () => {
      const events = (await driver.consignment(filed.id)).events.filter((e) => e.type === 'task-escalated' && e.data?.kind === 'destination-inspection');
      return events.length >= 3 ? events : undefined;
    }, 'three escalations', 40_000);
    expect(escalations.slice(0, 3).map((e) => [e.data?.level, e.data?.notified])).toEqual([[1, 'CQ'], [2, 'XJ'], [3, 'HQ']]);

    for (const [bureau, tokenOf] of [['CQ', () => driver.officer('CQ')], ['XJ', () => driver.officer('XJ')], ['HQ', () => driver.hq()]] as const) {
      const notices = await driver.notices(await tokenOf(), filed.id, ['escalation']);
      expect(notices.some((n) => n.kind === 'escalation'), bureau).toBe(true);
    }

    // Still the same task for the officer, re-armed with a later deadline.
    const current = await driver.task('CQ', filed.id, 'destination-inspection');
    expect(current.id).toBe(first.id);
    expect(current.escalation).toBeGreaterThanOrEqual(3);
    expect(Date.parse(current.dueAt)).toBeGreaterThan(Date.parse(first.dueAt));

    await driver.complete('CQ', current.id, { outcome: 'pass' });
    expect((await driver.settled(filed.id)).status).toBe('released');
  });
});
