import { describe, expect, it } from 'vitest';
import { ConsignmentRepository } from '#shared/data/consignment-repository.ts';
import type { ConsignmentQuery, ConsignmentSummary } from '#shared/data/consignment-records.ts';
import { InvalidPageTokenError } from '#shared/data/errors.ts';
import { DECLARANT, creditCode, newConsignment } from './fixtures.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const repo = () => new ConsignmentRepository(table.config());
const system = { role: 'system' as const };

async function all(query: ConsignmentQuery, limit = 10): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let nextToken: string | undefined;
  do {
    const page = await repo().list(query, { limit, nextToken });
    ids.push(...page.items.map((s) => s.id));
    pages.push(page.items.length);
    nextToken = page.nextToken;
  } while (nextToken);
  return { ids, pages };
}

const base = Date.parse('2024-03-01T08:00:00Z');
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

describe('listing consignments', () => {
  it('pages 25 consignments of a train by 10: every one seen exactly once, newest first', async () => {
    const filed = [];
    for (let i = 0; i < 25; i++) filed.push(await repo().file(newConsignment({ trainId: 'X8001-0301' }, at(i)), system));
    const { ids, pages } = await all({ trainId: 'X8001-0301' });
    expect(pages.slice(0, 3)).toEqual([10, 10, 5]);
    expect(ids).toEqual(filed.map((c) => c.id).reverse());
    expect(new Set(ids).size).toBe(25);
  });

  it('filters by bureau, status, direction and enterprise, alone and combined', async () => {
    const other = creditCode(987654321);
    const nm = await repo().file(newConsignment({ portCode: 'MANZHOULI', destinationBureau: 'HL', trainId: 'X9001' }, at(100)), system);
    const hn = await repo().file(newConsignment({ portCode: 'ERENHOT', destinationBureau: 'HN', trainId: 'X9001' }, at(101)), system);
    const exp = await repo().file(
      newConsignment(
        {
          direction: 'export',
          portCode: 'MANZHOULI',
          destinationBureau: undefined,
          originBureau: 'HL',
          consignor: { name: '哈尔滨出口有限公司', country: 'CN', creditCode: other },
          consignee: { name: 'Warsaw Sp. z o.o.', country: 'PL' },
          trainId: 'X9001',
        },
        at(102),
      ),
      system,
    );
    await repo().change(nm.id, { expectedVersion: 1, status: 'awaiting-port-checks', event: { type: 'plan-assigned', actor: system } });

    expect((await all({ bureau: 'NM' })).ids).toEqual([exp.id, hn.id, nm.id]);
    expect((await all({ bureau: 'HL' })).ids).toEqual([exp.id, nm.id]);
    expect((await all({ bureau: 'HL', direction: 'import' })).ids).toEqual([nm.id]);
    expect((await all({ bureau: 'NM', status: 'awaiting-port-checks' })).ids).toEqual([nm.id]);
    expect((await all({ bureau: 'NM', status: 'filed' })).ids).toEqual([exp.id, hn.id]);
    expect((await all({ enterprise: other })).ids).toEqual([exp.id]);
    expect((await all({ bureau: 'NM', enterprise: DECLARANT })).ids).toEqual([hn.id, nm.id]);
    expect((await all({ trainId: 'X9001', bureau: 'HN' })).ids).toEqual([hn.id]);
    expect((await all({ trainId: 'X9001', status: 'filed', direction: 'export' })).ids).toEqual([exp.id]);
    expect((await all({ status: 'awaiting-port-checks' })).ids).toEqual([nm.id]);
    expect((await all({ direction: 'export' })).ids).toEqual([exp.id]);
  });

  it('returns summaries that follow the consignment through changes (listing entries are projections)', async () => {
    const c = await repo().file(newConsignment({ portCode: 'KHORGOS', destinationBureau: 'SN' }, at(200)), system);
    await repo().change(c.id, { expectedVersion: 1, status: 'awaiting-port-inspection', event: { type: 'plan-assigned', actor: system } });
    const [summary] = (await repo().list({ bureau: 'SN' })).items;
    expect(summary).toMatchObject<Partial<ConsignmentSummary>>({ id: c.id, status: 'awaiting-port-inspection', version: 2, declarant: DECLARANT });
    expect((await repo().list({ bureau: 'SN', status: 'filed' })).items).toEqual([]);
  });

  it('moves a consignment between bureaus when its responsible bureaus change', async () => {
    const c = await repo().file(newConsignment({ portCode: 'KHORGOS', destinationBureau: 'JS' }, at(300)), system);
    await repo().change(c.id, {
      expectedVersion: 1,
      set: { destinationBureau: 'ZJ', responsibleBureaus: ['XJ', 'ZJ'] },
      event: { type: 'destination-changed', actor: system },
    });
    expect((await all({ bureau: 'JS' })).ids).toEqual([]);
    expect((await all({ bureau: 'ZJ' })).ids).toEqual([c.id]);
  });

  it('moves a consignment to another train', async () => {
    const c = await repo().file(newConsignment({ trainId: 'X7001' }, at(400)), system);
    await repo().change(c.id, { expectedVersion: 1, set: { trainId: 'X7002' }, event: { type: 'train-changed', actor: system } });
    expect((await all({ trainId: 'X7001' })).ids).toEqual([]);
    expect((await all({ trainId: 'X7002' })).ids).toEqual([c.id]);
  });

  it('fills a filtered page across DynamoDB pages instead of returning short pages', async () => {
    for (let i = 0; i < 12; i++) {
      await repo().file(newConsignment({ trainId: 'X6001', portCode: i % 3 === 0 ? 'ERENHOT' : 'ALASHANKOU' }, at(500 + i)), system);
    }
    const { ids, pages } = await all({ trainId: 'X6001', bureau: 'NM' }, 3);
    expect(ids).toHaveLength(4);
    expect(pages[0]).toBe(3);
  });

  it('rejects a page token that is malformed or was issued by another listing', async () => {
    await repo().file(newConsignment({ trainId: 'X5001' }, at(600)), system);
    await repo().file(newConsignment({ trainId: 'X5001' }, at(601)), system);
    const { nextToken } = await repo().list({ trainId: 'X5001' }, { limit: 1 });
    expect(nextToken).toBeDefined();
    await expect(repo().list({ trainId: 'X5002' }, { nextToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(repo().list({ status: 'filed' }, { nextToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(repo().list({ trainId: 'X5001' }, { nextToken: 'not a token!' })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(repo().list({ trainId: 'X5001' }, { nextToken: Buffer.from(JSON.stringify({ pk: 1 })).toString('base64url') })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(repo().list({ trainId: 'X5001' }, { nextToken: Buffer.from('[1,2]').toString('base64url') })).rejects.toBeInstanceOf(
      InvalidPageTokenError,
    );
    await expect(repo().list({}, { limit: 0 })).rejects.toThrow(RangeError);
  });
});
