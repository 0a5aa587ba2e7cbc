import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError, InvalidPageTokenError, NotFoundError } from '#shared/data/errors.ts';
import { keys } from '#shared/data/keys.ts';
import { RecognisedBodyRepository } from '#shared/data/recognised-body-repository.ts';
import {
  changeRecognisedBody,
  recognisedBodyRegistrationSchema,
  registerRecognisedBody,
  withdrawRecognisedBody,
  type RecognisedBodyRecord,
} from '#shared/domain/recognition/recognised-body.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const repo = () => new RecognisedBodyRepository(table.config());
const HQ = { bureau: 'HQ' as const, subject: 'hq-officer' };

let serial = 0;
function registration(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return recognisedBodyRegistrationSchema.parse({
    id: `LAB-${String(serial).padStart(3, '0')}`,
    name: 'Testing Laboratory AG',
    country: 'CH',
    accreditation: { body: 'SAS', number: `STS ${serial}` },
    scope: { hsPrefixes: ['84', '85'] },
    recognisedFrom: '2024-01-01T00:00:00Z',
    recognisedUntil: '2027-01-01T00:00:00Z',
    ...overrides,
  });
}

async function registered(overrides: Record<string, unknown> = {}): Promise<RecognisedBodyRecord> {
  const { body, change } = registerRecognisedBody(registration(overrides), { at: new Date().toISOString(), by: HQ });
  return repo().create(body, change);
}

function changed(current: RecognisedBodyRecord, change: Record<string, unknown>) {
  const outcome = changeRecognisedBody(current, { version: current.version, ...change }, { at: new Date().toISOString(), by: HQ });
  if (outcome.kind !== 'changed') throw new Error(`expected a change, got ${outcome.kind}`);
  return outcome;
}

describe('recognised body register', () => {
  it('stores a body once: the same id again is AlreadyExistsError, and reads give it back without table attributes', async () => {
    const body = await registered();
    await expect(registered({ id: body.id })).rejects.toBeInstanceOf(AlreadyExistsError);
    const read = await repo().get(body.id);
    expect(read).toEqual(body);
    expect(Object.keys(read)).not.toEqual(expect.arrayContaining(['pk', 'gsi1pk', 'lastChange', 'entity']));
    await expect(repo().get('NOPE')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads only the bodies a filing cites, in one batch, skipping ids not in the register', async () => {
    const [a, b] = [await registered(), await registered()];
    const found = await repo().findMany([b.id, 'UNKNOWN-LAB', a.id, b.id]);
    expect(found.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(await repo().findMany([])).toEqual([]);
    // More than one BatchGetItem's worth of keys.
    const many = Array.from({ length: 150 }, (_, i) => `MISSING-${i}`);
    expect((await repo().findMany([...many, a.id])).map((x) => x.id)).toEqual([a.id]);
  });

  it('changes a body only at the version read: of two changes from one version, one wins', async () => {
    const body = await registered();
    const first = changed(body, { scope: { hsPrefixes: ['84'] } });
    const second = changed(body, { recognisedUntil: null });
    const results = await Promise.allSettled([
      repo().change(body.id, { expectedVersion: 1, body: first.body, change: first.change }),
      repo().change(body.id, { expectedVersion: 1, body: second.body, change: second.change }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(ConflictError);
    expect((await repo().get(body.id)).version).toBe(2);
    expect(await repo().history(body.id)).toHaveLength(2);
  });

  it('removes the end of the recognition when a change makes it open-ended', async () => {
    const body = await registered();
    const open = changed(body, { recognisedUntil: null });
    const stored = await repo().change(body.id, { expectedVersion: 1, body: open.body, change: open.change });
    expect(stored.recognisedUntil).toBeUndefined();
    expect((await repo().get(body.id)).recognisedUntil).toBeUndefined();
  });

  it('withdraws only an active body, and keeps who did what when, oldest first', async () => {
    const body = await registered();
    const scoped = changed(body, { scope: { hsPrefixes: ['84'], categories: ['food'] } });
    const v2 = await repo().change(body.id, { expectedVersion: 1, body: scoped.body, change: scoped.change });
    const withdrawal = withdrawRecognisedBody(v2, 'accreditation suspended', { at: new Date().toISOString(), by: HQ });
    const v3 = await repo().change(body.id, { expectedVersion: 2, from: ['active'], body: withdrawal.body, change: withdrawal.change });
    expect(v3).toMatchObject({ status: 'withdrawn', version: 3, withdrawal: { reason: 'accreditation suspended', by: HQ } });

    const again = withdrawRecognisedBody(v3, 'twice', { at: new Date().toISOString(), by: HQ });
    await expect(repo().change(body.id, { expectedVersion: 3, from: ['active'], body: again.body, change: again.change })).rejects.toBeInstanceOf(ConflictError);

    const history = await repo().history(body.id);
    expect(history.map((h) => [h.version, h.action])).toEqual([[1, 'registered'], [2, 'changed'], [3, 'withdrawn']]);
    expect(history[1]?.changes).toEqual({ scope: { from: { hsPrefixes: ['84', '85'], categories: [] }, to: { hsPrefixes: ['84'], categories: ['food'] } } });
    expect(history[2]).toMatchObject({ by: HQ, reason: 'accreditation suspended', changes: { status: { from: 'active', to: 'withdrawn' } } });
    expect(history[0]?.changes.name).toEqual({ to: 'Testing Laboratory AG' });
  });

  it('loses no history entry to a crash between the change and the copy of its entry', async () => {
    const body = await registered();
    const v2 = changed(body, { name: 'Renamed AG' });
    // The change as a crash would leave it: the item moved to version 2, its entry not copied.
    await table.config().client.send(
      new PutCommand({
        TableName: table.config().tableName,
        Item: { ...keys.recognisedBody(body.id), entity: 'RecognisedBody', gsi1pk: keys.recognisedBodies, gsi1sk: body.id, ...v2.body, lastChange: v2.change },
      }),
    );
    expect((await repo().history(body.id)).map((h) => h.version)).toEqual([1, 2]);
    const v3 = changed(v2.body, { name: 'Renamed again AG' });
    await repo().change(body.id, { expectedVersion: 2, body: v3.body, change: v3.change });
    const history = await repo().history(body.id);
    expect(history.map((h) => [h.version, h.changes.name?.to])).toEqual([[1, 'Testing Laboratory AG'], [2, 'Renamed AG'], [3, 'Renamed again AG']]);
  });

  it('lists the register by id, paged, filtered by status and country', async () => {
    const de = await registered({ id: 'ZZ-LIST-DE', country: 'DE' });
    await registered({ id: 'ZZ-LIST-FR', country: 'FR' });
    const withdrawal = withdrawRecognisedBody(de, 'gone', { at: new Date().toISOString(), by: HQ });
    await repo().change(de.id, { expectedVersion: 1, from: ['active'], body: withdrawal.body, change: withdrawal.change });

    const all: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await repo().list({}, { limit: 2, ...(nextToken && { nextToken }) });
      all.push(...page.items.map((b) => b.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['ZZ-LIST-DE', 'ZZ-LIST-FR']));
    expect((await repo().list({ country: 'DE', status: 'withdrawn' }, { limit: 100 })).items.map((b) => b.id)).toEqual(['ZZ-LIST-DE']);
    expect((await repo().list({ status: 'active' }, { limit: 100 })).items.map((b) => b.id)).not.toContain('ZZ-LIST-DE');
    await expect(repo().list({}, { nextToken: 'garbage' })).rejects.toBeInstanceOf(InvalidPageTokenError);
  });
});
