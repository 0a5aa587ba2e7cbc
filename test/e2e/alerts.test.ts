import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { alertBody, alertCount, alertNotices, furniture, publishAlert, type AlertView } from './support/alerts.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

/**
 * The alert platform (疫病疫情和异常情况信息通报平台, 408号 三（七）) through the API: alerts change
 * the plans of new filings and of consignments in flight, with reason codes and notices.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
type Problem = { type: string; status: number; errors?: Array<{ field: string; message: string; code?: string }> };
type Reason = { code: string; refs?: string[]; goodsLines?: number[] };
type Filed = { id: string; inspectionPlan: { portInspection: boolean; reasons: Reason[] } };

async function fileFurniture(country: string): Promise<Filed> {
  const response = await t.call<Filed>('POST', '/consignments', await importer(), importFiling({ goods: [furniture(country)] }));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('alerts published by HQ', () => {
  it('change the plan of a new filing, with the reason code, and every caller reads them; HQ also the history', async () => {
    const before = await fileFurniture('PL');
    expect(before.inspectionPlan.portInspection).toBe(false);

    const alert = await publishAlert(t, await driver.hq(), alertBody('PL'));
    expect(alert).toMatchObject({ status: 'active', published: true, version: 1 });

    const after = await fileFurniture('PL');
    expect(after.inspectionPlan.portInspection).toBe(true);
    expect(after.inspectionPlan.reasons.find((r) => r.code === 'ALERT_PORT_INSPECTION')).toMatchObject({ refs: [alert.id], goodsLines: [0] });
    // The consignment filed before keeps its plan until its workflow meets the alert (below).

    const listed = await t.call<{ items: AlertView[] }>('GET', '/alerts?active=true&country=PL', await importer());
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a) => a.id)).toContain(alert.id);
    const asDeclarant = await t.call<AlertView & { publishedBy: Record<string, unknown> }>('GET', `/alerts/${alert.id}`, await importer());
    expect(asDeclarant.status).toBe(200);
    expect(asDeclarant.body.history).toBeUndefined();
    expect(asDeclarant.body.publishedBy).toEqual({ role: 'hq', bureau: 'HQ' });
    const asHq = await t.call<AlertView>('GET', `/alerts/${alert.id}`, await driver.hq());
    expect(asHq.body.history?.map((h) => h.action)).toEqual(['published']);
  });

  it('refuse a filing an entry ban covers, naming the goods line and the alert', async () => {
    const ban = await publishAlert(t, await driver.hq(), alertBody('CZ', { measure: 'entry-ban', kind: 'product-nonconformity' }));
    const count = await driver.consignmentCount();
    const refused = await t.call<Problem>('POST', '/consignments', await importer(), importFiling({ goods: [furniture('DE'), furniture('CZ')] }));
    expect(refused.status).toBe(400);
    expect(refused.contentType).toMatch(/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'body.goods.1', code: 'ALERT_ENTRY_BAN', message: expect.stringContaining(ban.id) })]);
    expect(await driver.consignmentCount()).toBe(count);
  });
});

describe("a bureau's alert", () => {
  it('waits for HQ: it changes no plan until approved, and HQ is asked', async () => {
    const proposal = await publishAlert(t, await driver.officer('NM'), alertBody('HU', { measure: 'heightened-inspection' }));
    expect(proposal).toMatchObject({ status: 'pending-approval', published: false });
    const waiting = await fileFurniture('HU');
    expect(waiting.inspectionPlan.reasons.map((r) => r.code)).not.toContain('ALERT_HEIGHTENED_INSPECTION');
    // Declarants do not see a proposal; HQ is asked to approve it.
    expect((await t.call('GET', `/alerts/${proposal.id}`, await importer())).status).toBe(404);
    await alertNotices(t, await driver.hq(), proposal.id, ['alert:approval-requested']);

    const approved = await t.call<AlertView>('POST', `/alerts/${proposal.id}/approve`, await driver.hq(), { version: 1 });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', version: 2 });
    const after = await fileFurniture('HU');
    expect(after.inspectionPlan.reasons.map((r) => r.code)).toContain('ALERT_HEIGHTENED_INSPECTION');

    const again = await t.call<Problem>('POST', `/alerts/${proposal.id}/approve`, await driver.hq(), {});
    expect(again.status).toBe(409);
  });
});

describe('an import in flight', () => {
  it('gains a port inspection when a matching alert takes effect while it waits for port checks', async () => {
    const filed = await fileFurniture('IT');
    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-checks');

    const alert = await publishAlert(t, await driver.hq(), alertBody('IT'));
    const replanned = await eventually(async () => {
      const c = await driver.consignment(filed.id);
      return c.events.some((e) => e.type === 'plan-changed') ? c : undefined;
    }, 'the consignment re-planned');
    expect(replanned.inspectionPlan.portInspection).toBe(true);
    const event = replanned.events.find((e) => e.type === 'plan-changed');
    expect(event?.data).toMatchObject({ alertId: alert.id, portInspection: { from: false, to: true }, reason: { code: 'ALERT_PORT_INSPECTION' } });
    for (const bureau of ['XJ', 'CQ']) {
      const told = await driver.notices(await driver.officer(bureau), filed.id, ['alert:replanned']);
      expect(told.find((n) => n.kind === 'alert:replanned')?.data).toMatchObject({ alertId: alert.id });
    }
    await driver.notices(await importer(), filed.id, ['alert:replanned']);

    // The workflow routes on the plan as it now stands: port checks lead to port inspection.
    await driver.complete('XJ', portChecks.id, passedPortChecks(['CSQU3054383']));
    const portInspection = await driver.task('XJ', filed.id, 'port-inspection');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-inspection');
    await driver.complete('XJ', portInspection.id, { outcome: 'pass', details: { findings: 'no pests found' } });
    await driver.complete('CQ', (await driver.task('CQ', filed.id, 'destination-inspection')).id, { outcome: 'pass' });
    expect((await driver.settled(filed.id)).status).toBe('released');
  });
});

describe('notices', () => {
  it('reach every bureau (inbox) and a subscribed enterprise', async () => {
    const subscribed = await t.call('PUT', '/alert-subscription', await importer(), { countries: ['NL'] });
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(200);
    expect((await t.call('GET', '/alert-subscription', await importer())).body).toMatchObject({ countries: ['NL'], active: true });

    const alert = await publishAlert(t, await driver.hq(), alertBody('NL', { measure: 'heightened-inspection' }));
    for (const bureau of ['XJ', 'NM', 'GD']) {
      const inbox = await alertNotices(t, await driver.officer(bureau), alert.id, ['alert:took-effect']);
      expect(inbox.filter((n) => n.kind === 'alert:took-effect')).toHaveLength(1);
    }
    await alertNotices(t, await driver.hq(), alert.id, ['alert:took-effect']);
    await alertNotices(t, await importer(), alert.id, ['alert:took-effect']);

    const changed = await t.call<AlertView>('PATCH', `/alerts/${alert.id}`, await driver.hq(), { version: 1, measure: 'port-inspection' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    await alertNotices(t, await driver.officer('XJ'), alert.id, ['alert:took-effect', 'alert:changed']);
    await alertNotices(t, await importer(), alert.id, ['alert:changed']);

    const withdrawn = await t.call<AlertView>('POST', `/alerts/${alert.id}/withdraw`, await driver.hq(), { reason: 'lifted' });
    expect(withdrawn.body.status).toBe('withdrawn');
    await alertNotices(t, await driver.officer('XJ'), alert.id, ['alert:withdrawn']);
    // A stale version is refused: the alert has moved on.
    expect((await t.call('PATCH', `/alerts/${alert.id}`, await driver.hq(), { version: 1, measure: 'entry-ban' })).status).toBe(409);
  });
});

describe('alert candidates', () => {
  it('appear after a failed inspection, and HQ publishes an alert from one in one call', async () => {
    const filed = await fileFurniture('BE');
    await driver.complete('XJ', (await driver.task('XJ', filed.id, 'port-checks')).id, passedPortChecks(['CSQU3054383']));
    await driver.complete('CQ', (await driver.task('CQ', filed.id, 'destination-inspection')).id, { outcome: 'fail', details: { disposal: 'destroy', findings: 'live beetles in the frames' } });

    type Candidate = { key: string; nonconformities: Array<{ consignmentId: string; kind: string }> };
    const listed = await eventually(async () => {
      const page = await t.call<{ items: Candidate[] }>('GET', '/alert-candidates', await driver.hq());
      return page.body.items.find((c) => c.key === 'BE-9403');
    }, 'the candidate BE-9403');
    expect(listed.nonconformities).toEqual([expect.objectContaining({ consignmentId: filed.id, kind: 'destination-inspection' })]);

    const published = await t.call<AlertView & { fromCandidate: { key: string } }>('POST', '/alert-candidates/BE-9403/publish', await driver.hq(), {
      measure: 'heightened-inspection',
      validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body).toMatchObject({ status: 'active', countries: ['BE'], fromCandidate: { key: 'BE-9403' } });
    const page = await t.call<{ items: Candidate[] }>('GET', '/alert-candidates', await driver.hq());
    expect(page.body.items.map((c) => c.key)).not.toContain('BE-9403');
    expect((await fileFurniture('BE')).inspectionPlan.reasons.map((r) => r.code)).toContain('ALERT_HEIGHTENED_INSPECTION');
  });
});

describe('who may do what, and bad input', () => {
  it('answers 403 to the wrong roles', async () => {
    const body = alertBody('SE');
    expect((await t.call('POST', '/alerts', await importer(), body)).status).toBe(403);
    const proposal = await publishAlert(t, await driver.officer('XJ'), body);
    expect((await t.call('POST', `/alerts/${proposal.id}/approve`, await driver.officer('XJ'), {})).status).toBe(403);
    expect((await t.call('POST', `/alerts/${proposal.id}/reject`, await driver.officer('NM'), { reason: 'x' })).status).toBe(403);
    expect((await t.call('PATCH', `/alerts/${proposal.id}`, await driver.officer('NM'), { version: 1, measure: 'entry-ban' })).status).toBe(403);
    expect((await t.call('GET', '/alert-candidates', await driver.officer('XJ'))).status).toBe(403);
    expect((await t.call('PUT', '/alert-subscription', await driver.hq(), {})).status).toBe(403);
    // Its own bureau withdraws it before approval.
    expect((await t.call<AlertView>('POST', `/alerts/${proposal.id}/withdraw`, await driver.officer('XJ'), { reason: 'sent twice' })).body.status).toBe('withdrawn');
  });

  it('answers problem+json naming the field, and writes nothing', async () => {
    const count = await alertCount(t, driver);
    for (const [body, field] of [
      [alertBody('SE', { measure: 'close-the-border' }), 'body.measure'],
      [alertBody('SE', { countries: ['XX'] }), 'body.countries.0'],
      [alertBody('SE', { hsPrefixes: [] }), 'body.hsPrefixes'],
      [alertBody('SE', { validUntil: '2016-01-01T00:00:00Z' }), 'body.validUntil'],
      [alertBody('SE', { description: { zh: '仅中文' } }), 'body.description.en'],
    ] as const) {
      const refused = await t.call<Problem>('POST', '/alerts', await driver.hq(), body);
      expect(refused.status, field).toBe(400);
      expect(refused.contentType).toMatch(/problem\+json/);
      expect(refused.body.errors?.map((e) => e.field), field).toContain(field);
    }
    expect((await t.call<Problem>('GET', '/alerts/not-an-id', await driver.hq())).status).toBe(400);
    expect((await t.call<Problem>('POST', '/alert-candidates/poland/publish', await driver.hq(), { measure: 'entry-ban', validUntil: new Date().toISOString() })).status).toBe(400);
    expect(await alertCount(t, driver)).toBe(count);
  });
});
