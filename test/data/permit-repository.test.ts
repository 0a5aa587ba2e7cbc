import { describe, expect, it } from 'vitest';
import { ConflictError, InsufficientPermitBalanceError, NotFoundError, PermitExpiredError } from '#shared/data/errors.ts';
import { PermitRepository, type NewPermit } from '#shared/data/permit-repository.ts';
import { DECLARANT, creditCode } from './fixtures.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const repo = () => new PermitRepository(table.config());

let serial = 0;
function permit(overrides: Partial<NewPermit> = {}): NewPermit {
  serial += 1;
  return {
    permitNumber: `AQSIQ-2024-${String(serial).padStart(5, '0')}`,
    kind: 'animal-plant-quarantine',
    holder: DECLARANT,
    unit: 'TNE',
    grantedQuantity: 20,
    validUntil: '2099-12-31T23:59:59+08:00',
    ...overrides,
  };
}

describe('permit write-off (核销)', () => {
  it('lets exactly 6 of 10 parallel write-offs of 3 against 20 succeed, leaving 2 and recording those 6', async () => {
    const p = await repo().create(permit());
    const consignments = Array.from({ length: 10 }, (_, i) => `C-${i}`);
    const results = await Promise.allSettled(consignments.map((c) => repo().writeOff(p.permitNumber, c, 3)));
    const succeeded = results.flatMap((r, i) => (r.status === 'fulfilled' ? [consignments[i]] : []));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(succeeded).toHaveLength(6);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(r.reason).toBeInstanceOf(InsufficientPermitBalanceError);

    const stored = await repo().get(p.permitNumber);
    expect(stored.remaining).toBe(2);
    expect(stored.writtenOffConsignments).toEqual([...succeeded].sort());
    expect(Object.keys(stored.writeOffs).sort()).toEqual([...succeeded].sort());
    expect(stored.version).toBe(7);
  });

  it('is idempotent per consignment: a repeated write-off returns the first result and consumes nothing', async () => {
    const p = await repo().create(permit());
    const first = await repo().writeOff(p.permitNumber, 'C-1', 5);
    expect(first).toMatchObject({ remaining: 15, replayed: false });
    const again = await Promise.all([repo().writeOff(p.permitNumber, 'C-1', 5), repo().writeOff(p.permitNumber, 'C-1', 5)]);
    for (const r of again) expect(r).toMatchObject({ remaining: 15, replayed: true, at: first.at, quantity: 5 });
    expect((await repo().get(p.permitNumber)).remaining).toBe(15);
  });

  it('refuses the same consignment with another quantity as a conflict', async () => {
    const p = await repo().create(permit());
    await repo().writeOff(p.permitNumber, 'C-1', 5);
    await expect(repo().writeOff(p.permitNumber, 'C-1', 6)).rejects.toBeInstanceOf(ConflictError);
  });

  it('keeps decimal quantities exact (DynamoDB numbers are decimal)', async () => {
    const p = await repo().create(permit({ grantedQuantity: 0.3, unit: 'KGM' }));
    await repo().writeOff(p.permitNumber, 'C-1', 0.1);
    const last = await repo().writeOff(p.permitNumber, 'C-2', 0.2);
    expect(last.remaining).toBe(0);
    await expect(repo().writeOff(p.permitNumber, 'C-3', 0.1)).rejects.toBeInstanceOf(InsufficientPermitBalanceError);
  });

  it('refuses an expired permit and an unknown one with their own errors', async () => {
    const expired = await repo().create(permit({ validUntil: '2020-01-01T00:00:00+08:00' }));
    await expect(repo().writeOff(expired.permitNumber, 'C-1', 1)).rejects.toBeInstanceOf(PermitExpiredError);
    expect((await repo().get(expired.permitNumber)).remaining).toBe(20);
    await expect(repo().writeOff('NO-SUCH-PERMIT', 'C-1', 1)).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo().writeOff(expired.permitNumber, 'C-1', -1)).rejects.toThrow(RangeError);
  });

  it('lists an enterprise’s permits, soonest to expire first', async () => {
    const holder = creditCode(555);
    const late = await repo().create(permit({ holder, validUntil: '2031-01-01T00:00:00Z' }));
    const soon = await repo().create(permit({ holder, validUntil: '2030-01-01T00:00:00Z' }));
    expect((await repo().listByHolder(holder)).items.map((p) => p.permitNumber)).toEqual([soon.permitNumber, late.permitNumber]);
  });
});
