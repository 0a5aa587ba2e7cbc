import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidPageTokenError } from '#shared/data/errors.ts';
import { ExecutionIndexRepository, type ExecutionRef } from '#shared/data/execution-index-repository.ts';
import { NotificationRepository } from '#shared/data/notification-repository.ts';
import { decodePageToken, encodePageToken, listingBinding, withinSortCondition, type ListingKey } from '#shared/data/pagination.ts';
import { useLocalTable } from './local-table.ts';

/**
 * Page tokens are opaque, bound to the listing that issued them and checked against the caller's
 * own key condition: whatever a client sends as `nextToken`, the answer is a page of its own
 * listing or an InvalidPageTokenError (400), never a DynamoDB error (500).
 */
const notificationsOf = (bureau: string): ListingKey => ({
  tableKey: { pk: 'pk', sk: 'sk' },
  partition: `BUREAU#${bureau}`,
  sort: { beginsWith: 'NOTIFICATION#' },
});
const executionsFrom = (from: string): ListingKey => ({
  index: 'gsi3',
  tableKey: { pk: 'pk', sk: 'sk' },
  indexKey: { pk: 'gsi3pk', sk: 'gsi3sk' },
  partition: 'EXECUTIONS',
  sort: { atLeast: from },
});
const forge = (listing: ListingKey, ...values: unknown[]) =>
  Buffer.from(JSON.stringify([1, listingBinding(listing), ...values])).toString('base64url');

/** Runs `decode` and reports what it threw: only InvalidPageTokenError is allowed. */
function outcome(decode: () => unknown): 'ok' | 'invalid' | string {
  try {
    decode();
    return 'ok';
  } catch (error) {
    return error instanceof InvalidPageTokenError ? 'invalid' : `unexpected ${String(error)}`;
  }
}

describe('page tokens (decodePageToken)', () => {
  const listing = notificationsOf('XJ');
  const lastKey = { pk: 'BUREAU#XJ', sk: 'NOTIFICATION#01JABCDEF0123456789ABCDEFG' };

  it('round-trips a key of the listing, and names no attribute', () => {
    const token = encodePageToken(lastKey, listing);
    expect(decodePageToken(token, listing)).toEqual(lastKey);
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    expect(decoded).not.toMatch(/"(pk|sk|gsi\dpk|gsi\dsk)"/);
    expect(decoded).not.toContain('BUREAU#XJ');
    expect(JSON.parse(decoded)).toEqual([1, expect.any(String), lastKey.sk]);
  });

  it('round-trips an index key with the table key beside it', () => {
    const key = { pk: 'EXECUTION#i1', sk: 'EXECUTION', gsi3pk: 'EXECUTIONS', gsi3sk: '2024-03-01T08:00:00.000Z#i1' };
    const executions = executionsFrom('2024-03-01T00:00:00.000Z');
    expect(decodePageToken(encodePageToken(key, executions), executions)).toEqual(key);
  });

  it('refuses a token of another listing: another bureau, index, prefix or range', () => {
    const token = encodePageToken(lastKey, listing);
    for (const other of [
      notificationsOf('NM'),
      { ...listing, sort: { beginsWith: 'NOTIFICATION#01' } },
      { ...listing, sort: undefined },
      { ...listing, index: 'gsi1', indexKey: { pk: 'gsi1pk', sk: 'gsi1sk' } },
    ]) {
      expect(outcome(() => decodePageToken(token, other))).toBe('invalid');
    }
    const executions = encodePageToken({ pk: 'EXECUTION#a', sk: 'EXECUTION', gsi3pk: 'EXECUTIONS', gsi3sk: '2024-03-05T00:00:00.000Z#a' }, executionsFrom('2024-03-01T00:00:00.000Z'));
    expect(outcome(() => decodePageToken(executions, executionsFrom('2024-03-02T00:00:00.000Z')))).toBe('invalid');
  });

  it('refuses a forged token whose sort key is outside the range or prefix of the query', () => {
    expect(outcome(() => decodePageToken(forge(listing, 'ZZZ'), listing))).toBe('invalid');
    expect(outcome(() => decodePageToken(forge(listing, 'NOTIFICATION'), listing))).toBe('invalid');
    expect(outcome(() => decodePageToken(forge(listing, 'NOTIFICATION#x'), listing))).toBe('ok');
    const executions = executionsFrom('2024-03-01T00:00:00.000Z');
    expect(outcome(() => decodePageToken(forge(executions, 'EXECUTION#a', 'EXECUTION', '2024-02-01T00:00:00.000Z#a'), executions))).toBe('invalid');
    expect(outcome(() => decodePageToken(forge(executions, 'EXECUTION#a', 'EXECUTION', '2024-04-01T00:00:00.000Z#a'), executions))).toBe('ok');
  });

  it('refuses other versions, shapes and values DynamoDB would reject', () => {
    const bad = [
      Buffer.from(JSON.stringify([2, listingBinding(listing), 'NOTIFICATION#x'])).toString('base64url'),
      Buffer.from(JSON.stringify({ pk: 'BUREAU#XJ', sk: 'NOTIFICATION#x' })).toString('base64url'),
      forge(listing),
      forge(listing, 'NOTIFICATION#x', 'extra'),
      forge(listing, ''),
      forge(listing, 7),
      forge(listing, null),
      forge(listing, ['NOTIFICATION#x']),
      forge(listing, `NOTIFICATION#${'x'.repeat(1100)}`),
      forge(listing, 'NOTIFICATION#\ud800'),
      'not a token!',
      '',
      'A'.repeat(5000),
    ];
    for (const token of bad) expect(outcome(() => decodePageToken(token, listing)), token.slice(0, 40)).toBe('invalid');
  });

  it('refuses every truncation of a real token', () => {
    const token = encodePageToken(lastKey, listing);
    for (let n = 0; n < token.length; n++) expect(outcome(() => decodePageToken(token.slice(0, n), listing))).toBe('invalid');
  });

  it('never throws anything but InvalidPageTokenError for random strings, bytes and JSON', () => {
    const json = fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url'));
    const positional = fc
      .tuple(fc.oneof(fc.constant(1), fc.integer()), fc.oneof(fc.constant(listingBinding(listing)), fc.string()), fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), { maxLength: 5 }))
      .map(([version, binding, values]) => Buffer.from(JSON.stringify([version, binding, ...values])).toString('base64url'));
    const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64url'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), json, positional, bytes), (token) => {
        const result = outcome(() => decodePageToken(token, listing));
        expect(['ok', 'invalid']).toContain(result);
        if (result === 'ok') expect(withinSortCondition(decodePageToken(token, listing).sk ?? '', listing.sort)).toBe(true);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});

describe('page tokens against the table (dynalite)', () => {
  const table = useLocalTable();
  const notifications = () => new NotificationRepository(table.config());
  const executions = () => new ExecutionIndexRepository(table.config());
  const ARN = 'arn:aws:states:us-east-1:000000000000';
  const ref = (name: string, startedAt: string): ExecutionRef => ({
    executionArn: `${ARN}:execution:ConsignmentImport:${name}`,
    name,
    stateMachine: `${ARN}:stateMachine:ConsignmentImport`,
    bureaus: ['XJ'],
    startedAt,
  });

  beforeAll(async () => {
    for (let i = 0; i < 5; i++) await notifications().add({ bureau: 'XJ', kind: 'task-assigned', title: { zh: '任务', en: 'task' } });
    for (let i = 0; i < 5; i++) await executions().record(ref(`p${i}`, `2024-03-0${i + 1}T08:00:00Z`));
  });

  it('pages through a listing with its own tokens', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await notifications().list('XJ', { limit: 2, ...(nextToken && { nextToken }) });
      seen.push(...page.items.map((n) => n.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(new Set(seen).size).toBe(5);
  });

  it("refuses another bureau's token and a forged key outside the inbox (no ValidationException)", async () => {
    const { nextToken } = await notifications().list('XJ', { limit: 1 });
    await expect(notifications().list('NM', { nextToken: nextToken! })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(notifications().list('XJ', { nextToken: forge(notificationsOf('XJ'), 'ZZZZ') })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(notifications().list('XJ', { nextToken: forge(notificationsOf('XJ'), 'A') })).rejects.toBeInstanceOf(InvalidPageTokenError);
  });

  it('refuses a token from another start-time window, and a forged key before `from`', async () => {
    const from = '2024-03-02T00:00:00Z';
    const first = await executions().list({ from }, { limit: 1 });
    expect(first.nextToken).toBeDefined();
    expect((await executions().list({ from }, { nextToken: first.nextToken! })).items.length).toBeGreaterThan(0);
    await expect(executions().list({ from: '2024-03-03T00:00:00Z' }, { nextToken: first.nextToken! })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(executions().list({}, { nextToken: first.nextToken! })).rejects.toBeInstanceOf(InvalidPageTokenError);
    const outside = forge(executionsFrom('2024-03-02T00:00:00.000Z'), 'EXECUTION#p0', 'EXECUTION', '2024-01-01T00:00:00.000Z#p0');
    await expect(executions().list({ from }, { nextToken: outside })).rejects.toBeInstanceOf(InvalidPageTokenError);
  });

  it('answers an empty window (from after to) with no items rather than a DynamoDB error', async () => {
    expect(await executions().list({ from: '2024-03-05T00:00:00Z', to: '2024-03-01T00:00:00Z' })).toEqual({ items: [] });
  });

  it('answers any token with a page or an InvalidPageTokenError, never another error', async () => {
    const listing = executionsFrom('2024-03-02T00:00:00.000Z');
    const key = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('2024-03-01T00:00:00.000Z#p0', '2024-03-04T08:00:00.000Z#p3', '\uffff', 'EXECUTION'));
    await fc.assert(
      fc.asyncProperty(fc.tuple(key, key, key), async ([pk, sk, indexSk]) => {
        try {
          await executions().list({ from: '2024-03-02T00:00:00Z' }, { limit: 2, nextToken: forge(listing, pk, sk, indexSk) });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPageTokenError);
        }
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
