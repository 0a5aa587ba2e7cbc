import { describe, expect, it } from 'vitest';
import { TASK_DEADLINE_SECONDS } from '#shared/domain/tasks/task-kinds.ts';
import { CREDIT_CODES, exportFiling } from '#test/domain/fixtures.ts';
import { generalApplication } from '#test/domain/origin-bodies.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { OriginDriver } from './support/origin-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

// The review's deadline (two working days) passes every 0.6 s on the local cloud's clock.
const TIME_SCALE = TASK_DEADLINE_SECONDS['origin-certificate-review'] / 0.6;
const t = useTestCloud({ timeScale: TIME_SCALE });
const driver = new LifecycleDriver(t);
const origin = new OriginDriver(t, driver);

describe('a certificate-of-origin review past its deadline (408号 四（二）、（三）)', () => {
  it('reminds the origin bureau, then the lead bureau of the port, then HQ, and the same task waits on for the answer', async () => {
    const exporter = await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
    const filed = await driver.file(exporter, exportFiling());
    const applied = await origin.apply(exporter, generalApplication(filed.id));
    const first = await origin.reviewTask('ZJ', applied.id);

    // Alashankou's bureau (XJ) leads the cooperation group of the export's port.
    for (const [bureau, tokenOf] of [['ZJ', () => driver.officer('ZJ')], ['XJ', () => driver.officer('XJ')], ['HQ', () => driver.hq()]] as const) {
      const notices = await origin.notices(await tokenOf(), applied.id, ['escalation']);
      const levels = notices.filter((n) => n.kind === 'escalation').map((n) => n.data?.level);
      expect(levels, bureau).toContain(bureau === 'ZJ' ? 1 : bureau === 'XJ' ? 2 : 3);
    }

    const current = await eventually(async () => {
      const task = await origin.reviewTask('ZJ', applied.id);
      return task.escalation >= 3 ? task : undefined;
    }, 'the third escalation on the task');
    expect(current.id).toBe(first.id);
    expect(Date.parse(current.dueAt)).toBeGreaterThan(Date.parse(first.dueAt));
    expect((await origin.application(applied.id)).status).toBe('under-review');

    await driver.complete('ZJ', current.id, { decision: 'refuse', reason: 'no producer declaration on file' });
    expect(await origin.settled(applied.id)).toMatchObject({ status: 'refused', review: { reason: 'no producer declaration on file' } });
  });
});
