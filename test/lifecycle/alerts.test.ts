import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { everyPage } from '#shared/data/pagination.ts';
import { alertPublicationSchema, type AlertPublication, type AlertRecord } from '#shared/domain/alerts/alert.ts';
import { alertCoverage, announceAlert, endAlert } from '#shared/lifecycle/alerts/alert-effect.ts';
import { publishFromCandidate } from '#shared/lifecycle/alerts/alert-candidates.ts';
import { noteNonconformity } from '#shared/lifecycle/alerts/nonconformities.ts';
import { approve, change, publish, withdraw } from '#shared/lifecycle/alerts/alert-register.ts';
import { listAlerts } from '#shared/lifecycle/alerts/alert-view.ts';
import { subscribe } from '#shared/lifecycle/alerts/alert-subscriptions.ts';
import { replanConsignment } from '#shared/lifecycle/alerts/replan-consignment.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { settlePlan } from '#shared/lifecycle/consignments/settle-plan.ts';
import { InvalidInput, NotAllowed } from '#shared/lifecycle/errors.ts';
import { relayOutbox } from '#shared/lifecycle/outbox.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { CREDIT_CODES, goodsLine, importFiling } from '../domain/fixtures.ts';
import { useApplication } from './fakes.ts';

const { workflows, notices } = useApplication();

const hq: CallerIdentity = { subject: 'hq-officer', bureau: 'HQ', role: 'hq' };
const nm: CallerIdentity = { subject: 'nm-officer', bureau: 'NM', role: 'officer' };
const importer: CallerIdentity = { subject: 'declarant-1', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const DAY = 86_400_000;
const fromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Each test its own origin country, so alerts of one test never cover another's goods. */
const publication = (country: string, overrides: Partial<AlertPublication> = {}): AlertPublication =>
  alertPublicationSchema.parse({
    kind: 'plant-pest',
    countries: [country],
    hsPrefixes: ['9403'],
    measure: 'port-inspection',
    validUntil: fromNow(30),
    source: 'WOAH WAHIS',
    description: { zh: '木质家具检出光肩星天牛', en: 'Asian longhorn beetle found in wooden furniture' },
    ...overrides,
  });
/** Wooden furniture: no permit needed, so each test files it freely. */
const furniture = (country: string) => goodsLine({ hsCode: '940360', description: 'wooden furniture / 木质家具', originCountry: country, categories: ['plant-product'] });
const step = (alert: AlertRecord) => ({ alertId: alert.id, execution: alert.effect?.execution ?? '' });
const started = (alert: AlertRecord) => workflows.started.filter((s) => s.name.startsWith(alert.id)).map((s) => s.name);

describe('publishing', () => {
  it("puts HQ's alert in force and starts the AlertEffect execution the change names", async () => {
    const alert = await publish(publication('HU'), hq);
    expect(alert).toMatchObject({ status: 'active', version: 1, effect: { execution: `${alert.id}-v1-published`, event: 'published' } });
    expect(started(alert)).toEqual([`${alert.id}-v1-published`]);
    expect(workflows.started.find((s) => s.name === `${alert.id}-v1-published`)?.input).toMatchObject({ alertId: alert.id, validUntil: expect.stringMatching(/:\d\dZ$/) });
    expect((await repos().alerts.get(alert.id)).effect?.startedAt).toBeDefined();
  });

  it("holds a bureau's alert for HQ, who approves it; only HQ decides, and a declarant publishes nothing", async () => {
    const proposal = await publish(publication('RO'), nm);
    expect(proposal.status).toBe('pending-approval');
    await expect(approve(proposal.id, {}, nm)).rejects.toBeInstanceOf(NotAllowed);
    await expect(publish(publication('RO'), importer)).rejects.toBeInstanceOf(NotAllowed);
    const approved = await approve(proposal.id, { version: 1 }, hq);
    expect(approved).toMatchObject({ status: 'active', version: 2, approval: { by: { bureau: 'HQ' } } });
    expect(started(approved)).toEqual([`${proposal.id}-v1-published`, `${proposal.id}-v2-approved`]);
    // Once approved, it is HQ's measure.
    await expect(change(proposal.id, { version: 2, measure: 'entry-ban' }, nm)).rejects.toBeInstanceOf(NotAllowed);
  });

  it('lands a keyed retry on the same alert', async () => {
    const first = await publish(publication('SK'), hq, { idempotencyKey: 'alert-key-1' });
    const again = await publish(publication('SK'), hq, { idempotencyKey: 'alert-key-1' });
    expect(again.id).toBe(first.id);
  });

  it('leaves a change whose execution a crash kept from starting to the outbox relay', async () => {
    workflows.failStarts = 1;
    await expect(publish(publication('SI'), hq)).rejects.toThrow(/injected/);
    const [left] = (await repos().alerts.list({ country: 'SI' })).items;
    expect(left?.effect?.startedAt).toBeUndefined();
    const report = await relayOutbox({ inFlightSeconds: 0 });
    expect(report.alertEffectsStarted).toBeGreaterThanOrEqual(1);
    expect((await repos().alerts.get(left?.id ?? '')).effect?.startedAt).toBeDefined();
    expect(started(left as AlertRecord)).toEqual([`${left?.id}-v1-published`]);
  });

  it('shows declarants only the alerts put in force', async () => {
    const proposal = await publish(publication('LT'), nm);
    const seen = await everyPage((page) => listAlerts({ ...page, country: 'LT' }, importer));
    expect(seen.map((a) => a.id)).not.toContain(proposal.id);
    const own = await everyPage((page) => listAlerts({ ...page, status: 'pending-approval' }, nm));
    expect(own.map((a) => a.id)).toContain(proposal.id);
    expect((await listAlerts({ status: 'pending-approval' }, importer)).items).toEqual([]);
  });
});

describe('the AlertEffect steps', () => {
  it('tells every bureau and each matching subscribed enterprise, once per inbox however often it runs', async () => {
    await subscribe({ countries: ['LV'] }, importer);
    const alert = await publish(publication('LV'), hq);
    expect(await announceAlert(step(alert))).toEqual({ next: 'replan' });
    await announceAlert(step(alert));
    const sent = notices.sent.filter((n) => n.data?.alertId === alert.id);
    expect(new Set(sent.map((n) => n.bureau)).size).toBe(17);
    expect(sent.every((n) => n.kind === 'alert:took-effect')).toBe(true);
    // Both runs file into the same inbox items.
    expect(new Set(sent.map((n) => n.inboxId)).size).toBe(17);
    const inbox = (await repos().notifications.listForEnterprise(CREDIT_CODES.chongqingImporter)).items.filter((n) => n.data?.alertId === alert.id);
    expect(inbox.map((n) => n.kind)).toEqual(['alert:took-effect']);
  });

  it('asks HQ to approve a proposal, and does nothing for an execution a later change superseded', async () => {
    const proposal = await publish(publication('EE'), nm);
    expect(await announceAlert(step(proposal))).toEqual({ next: 'end' });
    expect(notices.to('HQ', 'alert:approval-requested').some((n) => n.data?.alertId === proposal.id)).toBe(true);
    const approved = await approve(proposal.id, {}, hq);
    const before = notices.sent.length;
    expect(await announceAlert(step(proposal))).toEqual({ next: 'end' });
    expect(notices.sent.length).toBe(before);
    expect(await announceAlert(step(approved))).toEqual({ next: 'replan' });
  });

  it('expires an alert once, with one history entry, and a new filing is then planned without it', async () => {
    const alert = await publish(publication('FI'), hq);
    expect((await fileConsignment(importFiling({ goods: [furniture('FI')] }), importer)).inspectionPlan?.portInspection).toBe(true);
    expect(await endAlert(step(alert))).toEqual({ expired: true });
    expect(await endAlert(step(alert))).toEqual({ expired: true });
    expect((await repos().alerts.history(alert.id)).filter((h) => h.action === 'expired')).toHaveLength(1);
    const expiredNotices = notices.sent.filter((n) => n.data?.alertId === alert.id && n.kind === 'alert:expired');
    expect(new Set(expiredNotices.map((n) => n.inboxId)).size).toBe(17);
    const after = await fileConsignment(importFiling({ goods: [furniture('FI')] }), importer);
    expect(after.inspectionPlan?.portInspection).toBe(false);
    expect(after.inspectionPlan?.reasons.map((r) => r.code)).not.toContain('ALERT_PORT_INSPECTION');
  });
});

describe('filing under an alert', () => {
  it('refuses goods an entry ban covers, naming the goods line and the alert, and writes nothing', async () => {
    const ban = await publish(publication('BG', { measure: 'entry-ban' }), hq);
    const before = (await everyPage((page) => repos().consignments.list({}, page))).length;
    const refused = fileConsignment(importFiling({ goods: [goodsLine(), furniture('BG')] }), importer);
    await expect(refused).rejects.toBeInstanceOf(InvalidInput);
    await expect(refused).rejects.toMatchObject({ issues: [{ path: 'goods.1', code: 'ALERT_ENTRY_BAN', message: expect.stringContaining(ban.id) }] });
    expect((await everyPage((page) => repos().consignments.list({}, page))).length).toBe(before);
    await withdraw(ban.id, { reason: 'lifted' }, hq);
    await expect(fileConsignment(importFiling({ goods: [furniture('BG')] }), importer)).resolves.toMatchObject({ status: 'filed' });
  });
});

describe('re-planning consignments in flight', () => {
  it('finds the covered consignment, adds port inspection before the workflow routes, records it and tells its bureaus', async () => {
    const covered = await fileConsignment(importFiling({ goods: [furniture('HR')] }), importer);
    const other = await fileConsignment(importFiling(), importer);
    const alert = await publish(publication('HR'), hq);

    const ids: string[] = [];
    let cursor: { status: number; nextToken?: string } | null | undefined;
    do {
      const page = await alertCoverage({ ...step(alert), cursor });
      ids.push(...page.consignmentIds);
      cursor = page.cursor;
    } while (cursor);
    expect(ids).toContain(covered.id);
    expect(ids).not.toContain(other.id);

    expect(await replanConsignment({ ...step(alert), consignmentId: covered.id })).toEqual({ consignmentId: covered.id, replanned: true });
    const replanned = await repos().consignments.get(covered.id);
    expect(replanned.inspectionPlan?.portInspection).toBe(true);
    const events = (await repos().consignments.events(covered.id)).items;
    expect(events.filter((e) => e.type === 'plan-changed')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ alertId: alert.id, portInspection: { from: false, to: true }, reason: expect.objectContaining({ code: 'ALERT_PORT_INSPECTION' }) }) }),
    ]);
    const told = notices.sent.filter((n) => n.kind === 'alert:replanned' && n.consignmentId === covered.id);
    expect(told.map((n) => n.bureau).sort()).toEqual(['CQ', 'XJ']);
    expect(told.find((n) => n.bureau === 'CQ')?.enterprise).toBe(CREDIT_CODES.chongqingImporter);

    // A retried step records nothing more, and re-sends into the same inbox items.
    expect(await replanConsignment({ ...step(alert), consignmentId: covered.id })).toEqual({ consignmentId: covered.id, replanned: true });
    expect((await repos().consignments.events(covered.id)).items.filter((e) => e.type === 'plan-changed')).toHaveLength(1);
    const retold = notices.sent.filter((n) => n.kind === 'alert:replanned' && n.consignmentId === covered.id);
    expect(new Set(retold.map((n) => n.inboxId)).size).toBe(2);
    // The workflow then routes on the new plan.
    expect(await settlePlan({ consignmentId: covered.id, after: 'port-checks' })).toEqual({ portInspection: true });
  });

  it('leaves port inspection alone once the workflow has routed on the plan', async () => {
    const routed = await fileConsignment(importFiling({ goods: [furniture('GR')] }), importer);
    expect(await settlePlan({ consignmentId: routed.id, after: 'port-checks' })).toEqual({ portInspection: false });
    const alert = await publish(publication('GR'), hq);
    expect(await replanConsignment({ ...step(alert), consignmentId: routed.id })).toEqual({ consignmentId: routed.id, replanned: false });
    expect((await repos().consignments.get(routed.id)).inspectionPlan?.portInspection).toBe(false);
  });
});

describe('alert candidates', () => {
  it('counts a failed inspection against each pair of the goods, and HQ publishes an alert from it in one call', async () => {
    const failed = await fileConsignment(importFiling({ goods: [furniture('CY')] }), importer);
    await noteNonconformity(failed.id, { kind: 'destination-inspection', bureau: 'CQ' }, new Date().toISOString());
    await noteNonconformity(failed.id, { kind: 'port-checks', bureau: 'XJ' }, new Date().toISOString());
    // Treatment is not an inspection: it finds nothing new.
    await noteNonconformity(failed.id, { kind: 'treatment', bureau: 'CQ' }, new Date().toISOString());
    const candidate = await repos().alertCandidates.find('CY-9403');
    expect(candidate?.nonconformities.map((n) => [n.consignmentId, n.kind])).toEqual([[failed.id, 'destination-inspection']]);

    await expect(publishFromCandidate('CY-9403', { measure: 'heightened-inspection', validUntil: fromNow(10) }, nm)).rejects.toBeInstanceOf(NotAllowed);
    const alert = await publishFromCandidate('CY-9403', { measure: 'heightened-inspection', validUntil: fromNow(10) }, hq);
    expect(alert).toMatchObject({ status: 'active', kind: 'product-nonconformity', countries: ['CY'], hsPrefixes: ['9403'], fromCandidate: { key: 'CY-9403', nonconformities: 1, consignmentIds: [failed.id] } });
    expect((await repos().alertCandidates.find('CY-9403'))?.nonconformities).toEqual([]);
  });
});
