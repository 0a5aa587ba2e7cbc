import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import countries from 'i18n-iso-countries/index.js';
import { describe, expect, it } from 'vitest';
import { dynamoDbClient } from '#shared/aws/clients.ts';
import { keys } from '#shared/data/keys.ts';
import {
  ITEM_SIZE_BUDGET_BYTES,
  MAX_CANCELLATION_REASON_LENGTH,
  MAX_CONSIGNMENTS_PER_PERMIT,
  MAX_GOODS_DESCRIPTION_LENGTH,
  MAX_PARTY_NAME_LENGTH,
  MAX_PERMIT_HS_CODES,
  MAX_PERMIT_NUMBER_LENGTH,
  MAX_PERMIT_ORIGIN_COUNTRIES,
} from '#shared/domain/limits.ts';
import { PORT_CODES } from '#shared/domain/codes.ts';
import { chinese } from '#test/domain/limit-bodies.ts';
import { AlreadyExistsError, ConflictError, InsufficientPermitBalanceError, NotFoundError, PermitExpiredError } from '#shared/data/errors.ts';
import { PermitRepository } from '#shared/data/permit-repository.ts';
import type { Permit } from '#shared/domain/permits/permit.ts';
import type { PermitIssue } from '#shared/domain/permits/permit.ts';
import { porkPermit, validFor } from '#test/domain/permit-fixtures.ts';
import { creditCode } from './fixtures.ts';
import { itemSize } from './item-size.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const repo = () => new PermitRepository(table.config());
const NOW = '2024-03-01T02:00:00.000Z';

let serial = 0;
async function issued(overrides: Partial<PermitIssue> = {}, bureau: Permit['issuedBy'] = 'CQ', at = NOW): Promise<Permit> {
  serial += 1;
  return repo().create(porkPermit({ number: `AQSIQ-2024-${String(serial).padStart(5, '0')}`, quantity: 20, ...validFor(NOW), ...overrides }, bureau, at));
}

/** The quantities always add up to what was granted. */
function expectBalanced(permit: Permit) {
  expect(permit.remaining + permit.reserved + permit.writtenOff).toBeCloseTo(permit.grantedQuantity, 9);
}

describe('permit reservations (预留) and write-offs (核销)', () => {
  it('lets exactly 6 of 10 parallel reservations of 3 against 20 succeed, leaving 2 and recording those 6', async () => {
    const p = await issued();
    const consignments = Array.from({ length: 10 }, (_, i) => `C-${i}`);
    const results = await Promise.allSettled(consignments.map((c) => repo().reserve(p.number, c, 3, NOW)));
    const succeeded = results.flatMap((r, i) => (r.status === 'fulfilled' ? [consignments[i]] : []));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(succeeded).toHaveLength(6);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(r.reason).toBeInstanceOf(InsufficientPermitBalanceError);

    const stored = await repo().get(p.number);
    // The permit's terms did not change: `version` counts those, not the reservations.
    expect(stored).toMatchObject({ remaining: 2, reserved: 18, writtenOff: 0, useCount: 6, version: 1 });
    expect(Object.keys(stored.uses).sort()).toEqual([...succeeded].sort());
    expectBalanced(stored);
  });

  it('is idempotent per consignment: a repeated reservation takes nothing more and refreshes its time', async () => {
    const p = await issued();
    const first = await repo().reserve(p.number, 'C-1', 5, NOW);
    expect(first).toMatchObject({ replayed: false, permit: { remaining: 15, reserved: 5 } });
    const later = '2024-03-01T02:05:00.000Z';
    const again = await Promise.all([repo().reserve(p.number, 'C-1', 5, later), repo().reserve(p.number, 'C-1', 5, later)]);
    for (const r of again) expect(r).toMatchObject({ replayed: true, permit: { remaining: 15, reserved: 5 } });
    expect((await repo().get(p.number)).uses['C-1']).toMatchObject({ state: 'reserved', quantity: 5, reservedAt: later });
    await expect(repo().reserve(p.number, 'C-1', 6, NOW)).rejects.toBeInstanceOf(ConflictError);
  });

  it('writes off at release and returns at rejection, each once, keeping the sum', async () => {
    const p = await issued();
    await repo().reserve(p.number, 'C-1', 5, NOW);
    await repo().reserve(p.number, 'C-2', 7, NOW);

    const writeOffs = await Promise.all([1, 2, 3].map(() => repo().settle(p.number, 'C-1', { state: 'written-off' }, NOW)));
    expect(writeOffs.filter((r) => r.changed)).toHaveLength(1);
    const returned = await repo().settle(p.number, 'C-2', { state: 'returned', reason: 'rejected' }, NOW);
    expect(returned).toMatchObject({ changed: true, use: { state: 'returned', returnReason: 'rejected', quantity: 7, settledAt: NOW } });
    // Settled is settled: neither a repeat nor the other outcome moves it.
    expect(await repo().settle(p.number, 'C-2', { state: 'written-off' }, NOW)).toMatchObject({ changed: false, use: { state: 'returned' } });
    expect(await repo().settle(p.number, 'C-9', { state: 'written-off' }, NOW)).toEqual({ permitNumber: p.number, consignmentId: 'C-9', changed: false });

    const stored = await repo().get(p.number);
    expect(stored).toMatchObject({ remaining: 15, reserved: 0, writtenOff: 5 });
    expect(stored.uses['C-1']).toMatchObject({ state: 'written-off', quantity: 5 });
    expectBalanced(stored);
    // A replayed filing of a consignment settled long ago takes nothing again.
    expect(await repo().reserve(p.number, 'C-1', 5, NOW)).toMatchObject({ replayed: true, permit: { remaining: 15 } });
  });

  it('lets a keyed retry take back a reservation returned as abandoned, and the clean-up skip a refreshed one', async () => {
    const p = await issued();
    const { permit } = await repo().reserve(p.number, 'C-1', 5, NOW);
    const reservedAt = permit.uses['C-1']!.reservedAt;
    await repo().reserve(p.number, 'C-1', 5, '2024-03-01T02:09:00.000Z');
    // The clean-up read the reservation before the retry refreshed it: it leaves it alone.
    expect(await repo().settle(p.number, 'C-1', { state: 'returned', reason: 'abandoned' }, NOW, reservedAt)).toMatchObject({ changed: false });
    await repo().settle(p.number, 'C-1', { state: 'returned', reason: 'abandoned' }, NOW);
    expect((await repo().get(p.number)).remaining).toBe(20);
    const retried = await repo().reserve(p.number, 'C-1', 5, NOW);
    expect(retried).toMatchObject({ replayed: false, permit: { remaining: 15, reserved: 5, useCount: 1 } });
  });

  it('takes back a reservation as if it had never been made, unless a retry refreshed it', async () => {
    const p = await issued();
    const before = await repo().get(p.number);
    const { permit } = await repo().reserve(p.number, 'C-1', 5, NOW);
    expect(await repo().unreserve(p.number, 'C-1', permit.uses['C-1']!)).toBe(true);
    expect(await repo().get(p.number)).toEqual(before);
    expect(await repo().unreserve(p.number, 'C-1', permit.uses['C-1']!)).toBe(false);

    const made = (await repo().reserve(p.number, 'C-2', 5, NOW)).permit.uses['C-2']!;
    await repo().reserve(p.number, 'C-2', 5, '2024-03-01T02:01:00.000Z');
    expect(await repo().unreserve(p.number, 'C-2', made)).toBe(false);
    expect((await repo().get(p.number)).uses['C-2']).toMatchObject({ state: 'reserved' });
  });

  it('keeps decimal quantities exact (DynamoDB numbers are decimal)', async () => {
    const p = await issued({ quantity: 0.3, unit: 'KGM' });
    await repo().reserve(p.number, 'C-1', 0.1, NOW);
    const last = await repo().reserve(p.number, 'C-2', 0.2, NOW);
    expect(last.permit.remaining).toBe(0);
    await expect(repo().reserve(p.number, 'C-3', 0.1, NOW)).rejects.toBeInstanceOf(InsufficientPermitBalanceError);
    await repo().settle(p.number, 'C-1', { state: 'written-off' }, NOW);
    expect(await repo().get(p.number)).toMatchObject({ remaining: 0, reserved: 0.2, writtenOff: 0.1 });
  });

  it('refuses outside the validity window, after cancellation, and an unknown permit, each with its own error', async () => {
    const expired = await issued({ validFrom: '2019-01-01T00:00:00+08:00', validUntil: '2020-01-01T00:00:00+08:00' });
    await expect(repo().reserve(expired.number, 'C-1', 1, NOW)).rejects.toBeInstanceOf(PermitExpiredError);
    const early = await issued({ validFrom: '2025-01-01T00:00:00+08:00', validUntil: '2025-06-01T00:00:00+08:00' });
    await expect(repo().reserve(early.number, 'C-1', 1, NOW)).rejects.toBeInstanceOf(PermitExpiredError);
    expect((await repo().get(expired.number)).remaining).toBe(20);

    const cancelled = await issued();
    await repo().reserve(cancelled.number, 'C-1', 2, NOW);
    const cancellation = { at: NOW, by: 'CQ' as const, subject: 'officer-CQ', reason: 'importer withdrew' };
    expect((await repo().cancel(cancelled.number, cancellation)).changed).toBe(true);
    expect((await repo().cancel(cancelled.number, cancellation)).changed).toBe(false);
    await expect(repo().reserve(cancelled.number, 'C-2', 1, NOW)).rejects.toBeInstanceOf(ConflictError);
    // What was reserved before the cancellation is still written off with its consignment.
    expect(await repo().settle(cancelled.number, 'C-1', { state: 'written-off' }, NOW)).toMatchObject({ changed: true });

    await expect(repo().reserve('NO-SUCH-PERMIT', 'C-1', 1, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo().reserve(expired.number, 'C-1', -1, NOW)).rejects.toThrow(RangeError);
    await expect(repo().create(porkPermit({ number: expired.number }))).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('lists a holder’s permits soonest to expire first, a bureau’s issues and all of them newest first', async () => {
    const holder = creditCode(555);
    const late = await issued({ holder: { creditCode: holder, name: 'x' }, validUntil: '2031-01-01T00:00:00Z' }, 'SC', '2024-01-02T00:00:00.000Z');
    const soon = await issued({ holder: { creditCode: holder, name: 'x' }, validUntil: '2030-01-01T00:00:00Z' }, 'XJ', '2024-01-03T00:00:00.000Z');
    expect((await repo().list({ holder })).items.map((p) => p.number)).toEqual([soon.number, late.number]);
    expect((await repo().list({ holder, issuedBy: 'SC' })).items.map((p) => p.number)).toEqual([late.number]);
    expect((await repo().list({ issuedBy: 'SC' })).items.map((p) => p.number)).toContain(late.number);
    expect((await repo().list({ issuedBy: 'SC' })).items.map((p) => p.number)).not.toContain(soon.number);
    const all = (await repo().list({}, { limit: 100 })).items.map((p) => p.number);
    expect(all.indexOf(soon.number)).toBeLessThan(all.indexOf(late.number));
  });

  it('keeps a permit at every limit under the item size budget: the most consignments, the longest texts', async () => {
    const base = porkPermit(
      {
        number: 'M'.repeat(MAX_PERMIT_NUMBER_LENGTH),
        holder: { creditCode: creditCode(777), name: chinese(MAX_PARTY_NAME_LENGTH, '持证人') },
        product: { description: chinese(MAX_GOODS_DESCRIPTION_LENGTH, '产品'), hsCodes: Array.from({ length: MAX_PERMIT_HS_CODES }, (_, i) => String(203_00_0000 + i)) },
        originCountries: Object.keys(countries.getAlpha2Codes()).slice(0, MAX_PERMIT_ORIGIN_COUNTRIES),
        ports: [...PORT_CODES],
        quantity: 1e12,
        ...validFor(NOW),
      },
      'CQ',
      NOW,
    );
    // Every consignment it can serve, each returned (the entry with the most fields); ids are 26
    // characters (a ULID, or one derived from an Idempotency-Key). Written in one go: a thousand
    // single reservations would take dynalite a minute, and the item would be the same.
    const ids = Array.from({ length: MAX_CONSIGNMENTS_PER_PERMIT }, (_, i) => `01J${String(i).padStart(23, '0')}`);
    const uses = Object.fromEntries(
      ids.map((id) => [id, { consignmentId: id, quantity: 123456.789012, state: 'returned' as const, reservedAt: NOW, settledAt: NOW, returnReason: 'abandoned' as const }]),
    );
    const permit = await repo().create({ ...base, uses, useCount: ids.length });
    await expect(repo().reserve(permit.number, 'ONE-TOO-MANY', 1, NOW)).rejects.toBeInstanceOf(ConflictError);
    await repo().cancel(permit.number, { at: NOW, by: 'CQ', subject: `officer-${chinese(40)}`, reason: chinese(MAX_CANCELLATION_REASON_LENGTH, '注销') });

    const { pk, sk } = keys.permit(permit.number);
    const { Item } = await dynamoDbClient().send(new GetItemCommand({ TableName: table.config().tableName, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }));
    const size = itemSize(Item ?? {});
    console.info(`largest permit: ${(size / 1024).toFixed(1)} KB (budget ${ITEM_SIZE_BUDGET_BYTES / 1024} KB)`);
    expect(size).toBeLessThanOrEqual(ITEM_SIZE_BUDGET_BYTES);
    expect(await repo().get(permit.number)).toMatchObject({ useCount: MAX_CONSIGNMENTS_PER_PERMIT, remaining: 1e12, status: 'cancelled' });
  });
});
