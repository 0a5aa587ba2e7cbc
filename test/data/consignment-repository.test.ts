import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConsignmentRepository } from '#shared/data/consignment-repository.ts';
import type { EventActor } from '#shared/data/consignment-records.ts';
import { AlreadyExistsError, ConflictError, NotFoundError } from '#shared/data/errors.ts';
import { keys } from '#shared/data/keys.ts';
import { DECLARANT, newConsignment } from './fixtures.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const repo = () => new ConsignmentRepository(table.config());
const declarant: EventActor = { role: 'declarant', enterprise: DECLARANT };
const portOfficer: EventActor = { role: 'officer', bureau: 'XJ', subject: 'officer-1' };

describe('consignments: filing and reading', () => {
  it('stores a filed consignment at version 1 with its `filed` event as sequence 1', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    expect(await repo().get(c.id)).toEqual(c);
    const { items } = await repo().events(c.id);
    expect(items).toEqual([expect.objectContaining({ consignmentId: c.id, sequence: 1, type: 'filed', status: 'filed', actor: declarant })]);
  });

  it('refuses a second filing under the same id with AlreadyExistsError (a ConflictError)', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    const again = repo().file({ ...c, trainId: 'X8001' }, declarant);
    await expect(again).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    expect((await repo().get(c.id)).trainId).toBeUndefined();
  });

  it('answers a retried filing with the same idempotency key with the stored consignment', async () => {
    const c = newConsignment();
    const first = await repo().file(c, declarant, { idempotencyKey: 'req-1' });
    expect(await repo().file(c, declarant, { idempotencyKey: 'req-1' })).toEqual(first);
  });

  it('throws NotFoundError for an unknown id, on read and on change', async () => {
    await expect(repo().get('nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(await repo().find('nope')).toBeUndefined();
    await expect(repo().change('nope', { expectedVersion: 1, event: { type: 'x', actor: portOfficer } })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('consignments: optimistic locking', () => {
  it('lets exactly one of 20 parallel updates from the same version win; the 19 others get ConflictError', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        repo().change(c.id, {
          expectedVersion: 1,
          status: 'awaiting-port-checks',
          event: { type: 'plan-assigned', actor: { role: 'system', subject: `writer-${i}` } },
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as ConflictError).details).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    }
    const stored = await repo().get(c.id);
    expect(stored).toMatchObject({ version: 2, status: 'awaiting-port-checks' });
    const { items } = await repo().events(c.id);
    expect(items.map((e) => e.sequence)).toEqual([1, 2]);
  });

  it('with writers that re-read and retry, every version is won exactly once', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    let conflicts = 0;
    const writer = async (i: number) => {
      for (;;) {
        const current = await repo().get(c.id);
        try {
          return await repo().appendEvent(c.id, current.version, { type: 'remark', actor: portOfficer, data: { writer: i } });
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          conflicts++;
        }
      }
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => writer(i)));
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(conflicts).toBeGreaterThan(0);
    expect((await repo().get(c.id)).version).toBe(21);
  });

  it('applies a state guard: a change from a status the consignment has left is a ConflictError', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    await repo().change(c.id, { expectedVersion: 1, from: 'filed', status: 'awaiting-port-checks', event: { type: 'plan-assigned', actor: portOfficer } });
    const stale = repo().change(c.id, { expectedVersion: 2, from: ['filed'], status: 'released', event: { type: 'released', actor: portOfficer } });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toThrow(/awaiting-port-checks/);
    expect((await repo().get(c.id)).status).toBe('awaiting-port-checks');
  });

  it('treats a retried change with the same idempotency key as done, not as a conflict', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    const change = { expectedVersion: 1, status: 'awaiting-port-checks' as const, event: { type: 'plan-assigned', actor: portOfficer, idempotencyKey: 'step-7' } };
    const first = await repo().change(c.id, change);
    expect(await repo().change(c.id, change)).toEqual(first);
    expect((await repo().events(c.id)).items).toHaveLength(2);
  });

  it('does not apply a change twice when the retry has read the version the first attempt wrote', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    const event = { type: 'task-escalated', actor: portOfficer, idempotencyKey: 'task-1:escalated:1' };
    const first = await repo().change(c.id, { expectedVersion: 1, event });
    const retried = await repo().change(c.id, { expectedVersion: first.version, event });
    expect(retried.version).toBe(first.version);
    expect((await repo().events(c.id)).items.map((e) => e.type)).toEqual(['filed', 'task-escalated']);
    const other = await repo().change(c.id, { expectedVersion: first.version, event: { ...event, idempotencyKey: 'task-1:escalated:2' } });
    expect(other.version).toBe(first.version + 1);
  });

  it('refuses to let a change set the lock or the identity', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    await expect(
      repo().change(c.id, { expectedVersion: 1, set: { version: 9 } as never, event: { type: 'x', actor: portOfficer } }),
    ).rejects.toThrow(RangeError);
  });
});

describe('consignments: the append-only event log', () => {
  it('keeps events ordered by sequence, gap-free, each written once, after many concurrent appends', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    // Rounds of 5 concurrent writers from the same version: one wins each round.
    for (let round = 0; round < 6; round++) {
      const { version } = await repo().get(c.id);
      await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => repo().appendEvent(c.id, version, { type: 'remark', actor: portOfficer, data: { round, i } })),
      );
    }
    const events = (await repo().events(c.id, { limit: 100 })).items;
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.slice(1).map((e) => (e.data as { round: number }).round)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('never overwrites a logged event: a second writer of the same sequence is refused by the table', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    const { client, tableName } = table.config();
    const forged = new PutCommand({
      TableName: tableName,
      Item: { ...keys.consignmentEvent(c.id, 1), type: 'forged' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    await expect(client.send(forged)).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await repo().events(c.id)).items[0]?.type).toBe('filed');
  });

  it('repairs a log copy lost between the state change and the log write on the next change', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    await repo().appendEvent(c.id, 1, { type: 'remark', actor: portOfficer });
    // Simulate a writer that committed version 3 but stopped before copying its event.
    const { client, tableName } = table.config();
    const lost = { consignmentId: c.id, sequence: 3, type: 'lost', at: new Date().toISOString(), actor: portOfficer };
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...(await client.send(new GetCommand({ TableName: tableName, Key: keys.consignment(c.id) }))).Item, version: 3, lastEvent: lost },
      }),
    );
    expect((await repo().events(c.id)).items.map((e) => e.sequence)).toEqual([1, 2]);
    await repo().appendEvent(c.id, 3, { type: 'remark', actor: portOfficer });
    const events = (await repo().events(c.id)).items;
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'filed'],
      [2, 'remark'],
      [3, 'lost'],
      [4, 'remark'],
    ]);
  });

  it('projects a change in one transaction, and when a newer listing entry cancels it, writes the rest one by one without rolling that entry back', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    const { client, tableName } = table.config();
    const links = async () =>
      (
        await client.send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :link)', ExpressionAttributeValues: { ':pk': `CONSIGNMENT#${c.id}`, ':link': 'LINK#' } }),
        )
      ).Items ?? [];
    const [first, ...others] = await links();
    expect(first).toBeDefined();
    // A writer of a later version got there first with this owner's entry.
    await client.send(new PutCommand({ TableName: tableName, Item: { ...first, version: 99, status: 'released' } }));
    await repo().appendEvent(c.id, 1, { type: 'remark', actor: portOfficer });
    expect((await repo().events(c.id)).items.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'filed'],
      [2, 'remark'],
    ]);
    const after = new Map((await links()).map((item) => [item.sk, item]));
    expect(after.get(first?.sk)).toMatchObject({ version: 99, status: 'released' });
    for (const other of others) expect(after.get(other.sk)).toMatchObject({ version: 2 });
  });

  it('pages through events in order and resumes after a known sequence', async () => {
    const c = newConsignment();
    await repo().file(c, declarant);
    for (let v = 1; v <= 11; v++) await repo().appendEvent(c.id, v, { type: 'remark', actor: portOfficer });
    const seen: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await repo().events(c.id, { limit: 5, nextToken });
      seen.push(...page.items.map((e) => e.sequence));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await repo().events(c.id, { afterSequence: 10 })).items.map((e) => e.sequence)).toEqual([11, 12]);
  });
});
