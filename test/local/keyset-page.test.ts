import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysetPage, type KeysetPageOptions } from '#local/keyset-page.ts';

interface Execution {
  arn: string;
  startDate: number;
}

const invalid = () => new Error('InvalidToken');
const newestFirst = (limit: number, token?: string): KeysetPageOptions<Execution> => ({
  key: (e) => [e.startDate, e.arn],
  descending: [true, true],
  limit,
  token,
  invalidToken: invalid,
});

const execution = (n: number, startDate = n * 1000): Execution => ({ arn: `arn:aws:states:us-east-1:000000000000:execution:Import:c-${n}`, startDate });

describe('keyset paging', () => {
  it('pages newest first, breaking ties of the first key by the second', () => {
    const all = [execution(1), execution(2), execution(3, 2000), execution(4)];
    const first = keysetPage(all, newestFirst(2));
    expect(first.items.map((e) => e.arn.slice(-3))).toEqual(['c-4', 'c-3']);
    const second = keysetPage(all, newestFirst(2, first.nextToken));
    expect(second.items.map((e) => e.arn.slice(-3))).toEqual(['c-2', 'c-1']);
    expect(second.nextToken).toBeUndefined();
  });

  it('new items ahead of the cursor neither repeat nor push items off the next page', () => {
    const all = [1, 2, 3, 4, 5].map((n) => execution(n));
    const first = keysetPage(all, newestFirst(2));
    all.push(execution(6), execution(7));
    const second = keysetPage(all, newestFirst(2, first.nextToken));
    expect(second.items.map((e) => e.arn.slice(-3))).toEqual(['c-3', 'c-2']);
  });

  it('a deleted item (even the one the token names) makes nothing after it skipped', () => {
    const all = [1, 2, 3, 4, 5].map((n) => execution(n));
    const first = keysetPage(all, newestFirst(2));
    const remaining = all.filter((e) => !e.arn.endsWith('c-4') && !e.arn.endsWith('c-5'));
    expect(keysetPage(remaining, newestFirst(2, first.nextToken)).items.map((e) => e.arn.slice(-3))).toEqual(['c-3', 'c-2']);
  });

  it('orders strings by code unit, the same in every process (not by locale)', () => {
    const page = keysetPage(['b', 'B', 'a', 'A', 'é'], { key: (s) => [s], limit: 10, token: undefined, invalidToken: invalid });
    expect(page.items).toEqual(['A', 'B', 'a', 'b', 'é']);
  });

  it('refuses a token it did not issue with the service’s own error', () => {
    for (const token of ['not base64 json', Buffer.from('{"v":2}').toString('base64url'), Buffer.from('[]').toString('base64url'), Buffer.from('[null]').toString('base64url')]) {
      expect(() => keysetPage([execution(1)], newestFirst(1, token)), token).toThrow('InvalidToken');
    }
  });

  it('lists every item that exists throughout exactly once, whatever is added or deleted between pages', () => {
    const step = fc.oneof(fc.record({ add: fc.integer({ min: 0, max: 60 }) }), fc.record({ remove: fc.nat() }));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), fc.array(step, { maxLength: 30 }), (initial, limit, steps) => {
        let items = initial.map((n) => execution(n, (n % 7) * 1000));
        const durable = new Set(items.map((e) => e.arn));
        const seen: string[] = [];
        let token: string | undefined;
        let i = 0;
        do {
          const page = keysetPage(items, newestFirst(limit, token));
          seen.push(...page.items.map((e) => e.arn));
          token = page.nextToken;
          const change = steps[i++];
          if (change && 'add' in change && !items.some((e) => e.arn === execution(change.add).arn)) items = [...items, execution(change.add, Date.now())];
          if (change && 'remove' in change && items.length > 0) {
            const removed = items[change.remove % items.length] as Execution;
            durable.delete(removed.arn);
            items = items.filter((e) => e !== removed);
          }
        } while (token);
        expect(new Set(seen).size).toBe(seen.length);
        for (const arn of durable) expect(seen).toContain(arn);
      }),
      { numRuns: 200 },
    );
  });
});
