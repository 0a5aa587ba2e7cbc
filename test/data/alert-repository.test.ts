import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import countries from 'i18n-iso-countries/index.js';
import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { dynamoDbClient } from '#shared/aws/clients.ts';
import { keys } from '#shared/data/keys.ts';
import { ITEM_SIZE_BUDGET_BYTES, MAX_ALERT_COUNTRIES, MAX_ALERT_DESCRIPTION_LENGTH, MAX_ALERT_HS_PREFIXES, MAX_ALERT_SOURCE_LENGTH, MAX_CANDIDATE_CONSIGNMENTS } from '#shared/domain/limits.ts';
import { chinese } from '#test/domain/limit-bodies.ts';
import { itemSize } from './item-size.ts';
import { AlertCandidateRepository } from '#shared/data/alert-candidate-repository.ts';
import { AlertRepository } from '#shared/data/alert-repository.ts';
import { AlertSubscriptionRepository } from '#shared/data/alert-subscription-repository.ts';
import { ConsignmentRepository } from '#shared/data/consignment-repository.ts';
import { AlreadyExistsError, ConflictError } from '#shared/data/errors.ts';
import { everyPage } from '#shared/data/pagination.ts';
import {
  alertPublicationSchema,
  changeAlert,
  expireAlert,
  publishAlert,
  type AlertActor,
  type AlertOutcome,
  type AlertPublication,
  type AlertRecord,
} from '#shared/domain/alerts/alert.ts';
import { subscriptionOf } from '#shared/domain/alerts/alert-subscription.ts';
import type { Nonconformity } from '#shared/domain/alerts/alert-candidate.ts';
import { newConsignment } from './fixtures.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const alerts = () => new AlertRepository(table.config());
const candidates = () => new AlertCandidateRepository(table.config());
const subscriptions = () => new AlertSubscriptionRepository(table.config());
const consignments = () => new ConsignmentRepository(table.config());
const HQ: AlertActor = { role: 'hq', bureau: 'HQ', subject: 'hq-officer' };
const DAY = 86_400_000;
const fromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

function changed(outcome: AlertOutcome): Extract<AlertOutcome, { kind: 'changed' }> {
  if (outcome.kind !== 'changed') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function stored(overrides: Partial<AlertPublication> = {}, effect?: AlertRecord['effect']): Promise<AlertRecord> {
  const publication = alertPublicationSchema.parse({
    kind: 'plant-pest',
    countries: ['KZ'],
    hsPrefixes: ['1001'],
    measure: 'heightened-inspection',
    validUntil: fromNow(30),
    source: 'bureau findings',
    description: { zh: '小麦矮腥黑穗病', en: 'dwarf bunt of wheat' },
    ...overrides,
  });
  const { alert, change } = changed(publishAlert(publication, { id: ulid(), at: new Date().toISOString(), by: HQ, bureau: 'HQ' }));
  return alerts().create({ ...alert, ...(effect && { effect }) }, change);
}

describe('alerts', () => {
  it('stores an alert once, and reads it back without table attributes', async () => {
    const alert = await stored();
    expect(await alerts().get(alert.id)).toEqual(alert);
    await expect(alerts().create(alert, { version: 1, at: alert.createdAt, by: HQ, action: 'published', changes: {} })).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('lists the alerts in force in the sparse active index until their end, soonest first, and not once expired', async () => {
    const soon = await stored({ validUntil: fromNow(2) });
    const later = await stored({ validUntil: fromNow(20) });
    const scheduled = await stored({ validFrom: fromNow(1), validUntil: fromNow(3) });
    const active = (await everyPage((page) => alerts().listActive(new Date().toISOString(), page))).map((a) => a.id);
    expect(active.indexOf(soon.id)).toBeLessThan(active.indexOf(later.id));
    expect(active).not.toContain(scheduled.id);
    // Read past `soon`'s end, it is left out even before its workflow marks it expired.
    expect((await everyPage((page) => alerts().listActive(fromNow(5), page))).map((a) => a.id)).not.toContain(soon.id);

    const { alert, change } = changed(expireAlert(later, { at: new Date().toISOString(), by: { role: 'system', subject: 'x' } }));
    await alerts().change(later.id, { expectedVersion: 1, from: ['active'], alert, change });
    expect((await everyPage((page) => alerts().listActive(new Date().toISOString(), page))).map((a) => a.id)).not.toContain(later.id);
  });

  it('changes only from the version read, and keeps one history entry per version', async () => {
    const alert = await stored();
    const first = changed(changeAlert(alert, { version: 1, measure: 'port-inspection' }, { at: new Date().toISOString(), by: HQ }));
    await alerts().change(alert.id, { expectedVersion: 1, alert: first.alert, change: first.change });
    await expect(alerts().change(alert.id, { expectedVersion: 1, alert: first.alert, change: first.change })).rejects.toBeInstanceOf(ConflictError);
    expect((await alerts().history(alert.id)).map((h) => [h.version, h.action])).toEqual([
      [1, 'published'],
      [2, 'changed'],
    ]);
  });

  it('lists every alert newest first, narrowed by kind, country and whether it was put in force', async () => {
    const radiation = await stored({ kind: 'radiation', countries: ['UZ', 'KZ'] });
    const page = await everyPage((p) => alerts().list({ kind: 'radiation', country: 'UZ', published: true }, p));
    expect(page.map((a) => a.id)).toEqual([radiation.id]);
    const all = await everyPage((p) => alerts().list({}, p));
    expect(all[0]?.id).toBe(radiation.id);
  });

  it('keeps a change in the outbox until its execution is known to run, and only that execution takes it out', async () => {
    const alert = await stored({}, { execution: 'A-v1-published', event: 'published' });
    const unstarted = async () => (await everyPage((p) => alerts().listUnstartedEffects(fromNow(1), p))).map((a) => a.id);
    expect(await unstarted()).toContain(alert.id);
    await alerts().markEffectStarted(alert.id, 'another-execution', new Date().toISOString());
    expect(await unstarted()).toContain(alert.id);
    await alerts().markEffectStarted(alert.id, 'A-v1-published', new Date().toISOString());
    expect(await unstarted()).not.toContain(alert.id);
    expect((await alerts().get(alert.id)).effect?.startedAt).toBeDefined();
  });
});

describe('alert candidates', () => {
  const nonconformity = (consignmentId: string, at = new Date().toISOString()): Nonconformity => ({ consignmentId, kind: 'destination-inspection', bureau: 'CQ', direction: 'import', at });
  const pair = { key: 'PL-0203', country: 'PL', heading: '0203' };

  it('counts a consignment once per pair, lists the pair, and lets later ones stay when an alert is published', async () => {
    expect(await candidates().record(pair, nonconformity('C1', '2024-01-01T00:00:00.000Z'))).toBe('recorded');
    expect(await candidates().record(pair, nonconformity('C1'))).toBe('known');
    expect(await candidates().record(pair, nonconformity('C2', '2024-01-02T00:00:00.000Z'))).toBe('recorded');
    const found = await candidates().find('PL-0203');
    expect(found?.nonconformities.map((n) => n.consignmentId)).toEqual(['C2', 'C1']);
    expect(found?.firstAt).toBe('2024-01-01T00:00:00.000Z');
    expect((await candidates().list()).items.map((c) => c.key)).toContain('PL-0203');

    await candidates().consume('PL-0203', ['C1'], { alertId: 'A1', at: '2024-01-03T00:00:00.000Z' });
    expect((await candidates().find('PL-0203'))?.nonconformities.map((n) => n.consignmentId)).toEqual(['C2']);
    await candidates().consume('PL-0203', ['C2'], { alertId: 'A2', at: '2024-01-04T00:00:00.000Z' });
    const emptied = await candidates().find('PL-0203');
    expect(emptied).toMatchObject({ nonconformities: [], lastPublished: { alertId: 'A2', nonconformities: 1 } });
    expect((await candidates().list()).items.map((c) => c.key)).not.toContain('PL-0203');

    // A nonconformity after the publication starts the candidate anew.
    expect(await candidates().record(pair, nonconformity('C3'))).toBe('recorded');
    expect((await candidates().list()).items.map((c) => c.key)).toContain('PL-0203');
  });
});

describe('alert subscriptions', () => {
  it('replaces an enterprise subscription, and lists only the active ones', async () => {
    await subscriptions().put(subscriptionOf('91500000MA5U000010', { countries: ['PL'] }, new Date().toISOString()));
    await subscriptions().put(subscriptionOf('91650100228600001L', { active: false }, new Date().toISOString()));
    expect(await subscriptions().find('91500000MA5U000010')).toMatchObject({ countries: ['PL'], active: true });
    const listed = (await subscriptions().listActive()).items.map((s) => s.enterprise);
    expect(listed).toContain('91500000MA5U000010');
    expect(listed).not.toContain('91650100228600001L');
  });
});

describe('the plan a consignment workflow routes on', () => {
  it('settles once, without a version step; a change guarded by it fails after', async () => {
    const c = newConsignment();
    await consignments().file(c, { role: 'declarant' });
    const first = await consignments().settlePlan(c.id, 'port-checks', '2024-01-01T00:00:00.000Z');
    expect(first.planSettled).toEqual({ after: 'port-checks', at: '2024-01-01T00:00:00.000Z' });
    expect(first.version).toBe(1);
    expect((await consignments().settlePlan(c.id, 'treatment', '2024-01-02T00:00:00.000Z')).planSettled?.after).toBe('port-checks');
    await expect(
      consignments().change(c.id, { expectedVersion: 1, unlessPlanSettled: true, event: { type: 'plan-changed', actor: { role: 'system' } } }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(consignments().change(c.id, { expectedVersion: 1, event: { type: 'remark', actor: { role: 'system' } } })).resolves.toMatchObject({ version: 2 });
  });

  it('lists the full consignments of a status', async () => {
    const c = newConsignment();
    await consignments().file(c, { role: 'declarant' });
    const filed = await everyPage((page) => consignments().listInStatus('filed', page));
    expect(filed.find((x) => x.id === c.id)).toEqual(c);
  });
});

describe('the largest alert items the limits allow', () => {
  const measure = async (key: { pk: string; sk: string }) => {
    const { Item } = await dynamoDbClient().send(new GetItemCommand({ TableName: table.config().tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
    return itemSize(Item ?? {});
  };

  it('keeps an alert at every limit, changed in full (its last history entry on the item), and a full candidate under the budget', async () => {
    const codes = Object.keys(countries.getAlpha2Codes()).slice(0, MAX_ALERT_COUNTRIES);
    const prefixes = Array.from({ length: MAX_ALERT_HS_PREFIXES }, (_, i) => `94${String(i).padStart(8, '0')}`);
    const description = (tag: string) => ({ zh: chinese(MAX_ALERT_DESCRIPTION_LENGTH, tag), en: chinese(MAX_ALERT_DESCRIPTION_LENGTH, tag) });
    const alert = await stored({ countries: codes, hsPrefixes: prefixes, categories: ['plant-product', 'food'], source: chinese(MAX_ALERT_SOURCE_LENGTH), description: description('甲') });
    const ids = Array.from({ length: MAX_CANDIDATE_CONSIGNMENTS }, (_, i) => `01J${String(i).padStart(23, '0')}`);
    const full = { ...alert, fromCandidate: { key: 'PL-9403', nonconformities: ids.length, consignmentIds: ids } };
    const { alert: next, change } = changed(changeAlert(full, { version: 1, description: description('乙'), countries: [...codes].reverse() }, { at: new Date().toISOString(), by: HQ }));
    await alerts().change(alert.id, { expectedVersion: 1, alert: { ...next, effect: { execution: `${alert.id}-v2-changed-${chinese(10)}`, event: 'changed' } }, change });
    const alertSize = await measure(keys.alert(alert.id));

    const pair = { key: 'KZ-9403', country: 'KZ', heading: '9403' };
    for (const id of ids) await candidates().record(pair, { consignmentId: id, kind: 'destination-inspection', bureau: 'CQ', direction: 'import', at: new Date().toISOString() });
    expect(await candidates().record(pair, { consignmentId: 'ONE-TOO-MANY', kind: 'port-checks', bureau: 'XJ', direction: 'import', at: new Date().toISOString() })).toBe('full');
    const candidateSize = await measure(keys.alertCandidate(pair.key));

    console.info(`largest alert: ${(alertSize / 1024).toFixed(1)} KB, largest candidate: ${(candidateSize / 1024).toFixed(1)} KB (budget ${ITEM_SIZE_BUDGET_BYTES / 1024} KB)`);
    expect(alertSize).toBeLessThanOrEqual(ITEM_SIZE_BUDGET_BYTES);
    expect(candidateSize).toBeLessThanOrEqual(ITEM_SIZE_BUDGET_BYTES);
  });
});
