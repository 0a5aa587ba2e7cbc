import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { alertBody, alertNotices, furniture, publishAlert, type AlertView } from './support/alerts.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

// One virtual hour per real second: the alert's workflow waits for validUntil on the local
// cloud's clock, so an alert of four virtual hours ends within seconds.
const TIME_SCALE = 3600;
const HOUR = 3_600_000;
const t = useTestCloud({ timeScale: TIME_SCALE });
const driver = new LifecycleDriver(t);
const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
type Filed = { inspectionPlan: { portInspection: boolean; reasons: Array<{ code: string }> } };

async function fileFurniture(): Promise<Filed> {
  const response = await t.call<Filed>('POST', '/consignments', await importer(), importFiling({ goods: [furniture('AT')] }));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('an alert at the end of its validity', () => {
  it('expires once, by its workflow: it no longer applies, and every bureau is told once', async () => {
    // Four hours on the clock the workflow waits by (never wall time: virtual time runs ahead of it).
    const validUntil = new Date(t.cloud.clock.now() + 4 * HOUR).toISOString();
    const alert = await publishAlert(t, await driver.hq(), alertBody('AT', { validUntil }));
    expect((await fileFurniture()).inspectionPlan.portInspection).toBe(true);

    const expired = await eventually(async () => {
      const read = await t.call<AlertView>('GET', `/alerts/${alert.id}`, await driver.hq());
      return read.body.status === 'expired' ? read.body : undefined;
    }, 'the alert to expire', 20_000);
    expect(expired.history?.map((h) => h.action)).toEqual(['published', 'expired']);

    const after = await fileFurniture();
    expect(after.inspectionPlan.portInspection).toBe(false);
    expect(after.inspectionPlan.reasons.map((r) => r.code)).not.toContain('ALERT_PORT_INSPECTION');
    const active = await t.call<{ items: AlertView[] }>('GET', '/alerts?active=true', await importer());
    expect(active.body.items.map((a) => a.id)).not.toContain(alert.id);

    for (const bureau of ['XJ', 'CQ']) {
      const inbox = await alertNotices(t, await driver.officer(bureau), alert.id, ['alert:took-effect', 'alert:expired']);
      expect(inbox.filter((n) => n.kind === 'alert:expired')).toHaveLength(1);
    }
  });
});
