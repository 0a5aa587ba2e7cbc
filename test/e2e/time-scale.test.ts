import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

// One real hour passes in a second: handlers and the workflow engine must still read one time.
const t = useTestCloud({ timeScale: 3600 });
const driver = new LifecycleDriver(t);

describe('accelerated time (TIME_SCALE > 1)', () => {
  it('stamps what handlers write with the clock the engine counts, not the wall clock', async () => {
    const before = t.cloud.clock.now();
    const filed = await driver.file(await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter), exportFiling());
    const after = t.cloud.clock.now();
    const consignment = await driver.consignment(filed.id);
    const createdAt = Date.parse((consignment as unknown as { createdAt: string }).createdAt);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(after);

    // The task's deadline counts from the state's entry on the engine's clock, and the task was
    // recorded on the same clock: it opened after the filing, never before it.
    const task = await driver.task('ZJ', filed.id, 'origin-inspection');
    expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(createdAt);
    expect(Date.parse(task.dueAt)).toBeGreaterThan(Date.parse(task.createdAt));
    expect(Date.parse(task.createdAt)).toBeLessThanOrEqual(t.cloud.clock.now());
  });
});
