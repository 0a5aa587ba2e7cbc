import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsignmentRepository } from '#shared/data/consignment-repository.ts';
import type { ConsignmentQuery } from '#shared/data/consignment-records.ts';
import { keys } from '#shared/data/keys.ts';
import { containerCheckDigit } from '#shared/domain/validators/container-number.ts';
import { beijingDayEnd, beijingDayStart } from '#shared/http/listing-query.ts';
import { creditCode, newConsignment } from './fixtures.ts';
import { useLocalTable } from './local-table.ts';

/**
 * GET /consignments' search (shared/data/consignment-listing.ts) on a real DynamoDB protocol
 * (dynalite): each filter alone and combined, the filing-day range on Beijing day boundaries,
 * paging through search entries, and no Scan (every read is a Query or a GetItem).
 */
const table = useLocalTable();
const repo = () => new ConsignmentRepository(table.config());
const system = { role: 'system' as const };

const container = (serial: number) => {
  const firstTen = `TSTU${String(serial).padStart(6, '0')}`;
  return `${firstTen}${containerCheckDigit(firstTen)}`;
};

async function ids(query: ConsignmentQuery, limit = 100): Promise<string[]> {
  const found: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await repo().list(query, { limit, ...(nextToken !== undefined && { nextToken }) });
    found.push(...page.items.map((s) => s.id));
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

/** Every DynamoDB command the repository sends: a search never scans. */
const commands: string[] = [];
beforeAll(() => {
  table.config().client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});

const line = (hsCode: string) => ({ hsCode, description: 'goods', quantity: 1, unit: 'PCE' as const, netWeightKg: 10, originCountry: 'DE', categories: ['general' as const] });

describe('searching consignments', () => {
  it('finds consignments by container, HS heading prefix, party, port and id, combined with status, bureau and enterprise scope', async () => {
    const importer = creditCode(111000111);
    const other = creditCode(222000222);
    const a = await repo().file(
      newConsignment({ containers: [{ number: container(1) }, { number: container(2) }], goods: [line('847130'), line('847141')], consignee: { name: '甲', country: 'CN', creditCode: importer } }, '2025-05-01T02:00:00Z'),
      system,
    );
    const b = await repo().file(
      newConsignment({ portCode: 'MANZHOULI', destinationBureau: 'HL', containers: [{ number: container(2) }], goods: [line('847160')], consignee: { name: '乙', country: 'CN', creditCode: other } }, '2025-05-01T03:00:00Z'),
      system,
    );
    const c = await repo().file(
      newConsignment(
        { containers: [{ number: container(3) }], goods: [line('020329')], consignor: { name: 'Warsaw Sp. z o.o.', country: 'PL', creditCode: importer }, consignee: { name: '丙', country: 'CN', creditCode: other } },
        '2025-05-01T04:00:00Z',
      ),
      system,
    );
    await repo().change(b.id, { expectedVersion: 1, status: 'awaiting-port-checks', event: { type: 'plan-assigned', actor: system } });

    expect(await ids({ container: container(2) })).toEqual([b.id, a.id]);
    expect(await ids({ container: container(1) })).toEqual([a.id]);
    expect(await ids({ container: container(2), status: 'awaiting-port-checks' })).toEqual([b.id]);
    expect(await ids({ container: container(2), bureau: 'SC' })).toEqual([a.id]);
    expect(await ids({ container: container(2), enterprise: other })).toEqual([b.id]);
    expect(await ids({ hsPrefix: '8471' })).toEqual([b.id, a.id]);
    expect(await ids({ hsPrefix: '847141' })).toEqual([a.id]);
    expect(await ids({ hsPrefix: '84716' })).toEqual([b.id]);
    expect(await ids({ hsPrefix: '0203', direction: 'import' })).toEqual([c.id]);
    expect(await ids({ hsPrefix: '847199' })).toEqual([]);
    // A party is found as consignor or consignee, whoever declared.
    expect(await ids({ party: importer })).toEqual([c.id, a.id]);
    expect(await ids({ party: other })).toEqual([c.id, b.id]);
    expect(await ids({ party: other, enterprise: other })).toEqual([c.id, b.id]);
    expect(await ids({ party: importer, enterprise: other })).toEqual([c.id]);
    expect(await ids({ party: importer, hsPrefix: '0203' })).toEqual([c.id]);
    // A port: its bureau's listing entries, narrowed to the port (NM has Manzhouli and Erenhot).
    expect((await ids({ portCode: 'MANZHOULI' })).filter((id) => [a.id, b.id, c.id].includes(id))).toEqual([b.id]);
    expect(await ids({ portCode: 'MANZHOULI', bureau: 'SC' })).not.toContain(b.id);
    expect(await ids({ portCode: 'MANZHOULI', status: 'awaiting-port-checks' })).toEqual([b.id]);
    // By id, within the other filters and the scope.
    expect(await ids({ id: a.id })).toEqual([a.id]);
    expect(await ids({ id: a.id, bureau: 'HL' })).toEqual([]);
    expect(await ids({ id: b.id, enterprise: importer })).toEqual([]);
    expect(await ids({ id: 'no-such-consignment' })).toEqual([]);
    expect(commands.filter((name) => name.startsWith('Scan'))).toEqual([]);
    expect(commands).toContain('QueryCommand');
  });

  it('bounds the filing time on Beijing days: a filing at 23:59:59 Beijing is that day, one second later the next', async () => {
    const day1 = await repo().file(newConsignment({ containers: [{ number: container(10) }] }, '2025-06-01T15:59:59.000Z'), system);
    const day2 = await repo().file(newConsignment({ containers: [{ number: container(10) }] }, '2025-06-01T16:00:00.000Z'), system);
    const search = { container: container(10) };
    expect(await ids({ ...search, filedFrom: beijingDayStart('2025-06-01'), filedTo: beijingDayEnd('2025-06-01') })).toEqual([day1.id]);
    expect(await ids({ ...search, filedFrom: beijingDayStart('2025-06-02') })).toEqual([day2.id]);
    expect(await ids({ ...search, filedTo: beijingDayEnd('2025-06-02') })).toEqual([day2.id, day1.id]);
    expect(await ids({ ...search, filedFrom: beijingDayStart('2025-06-03') })).toEqual([]);
    expect(await ids({ ...search, filedFrom: beijingDayStart('2025-06-02'), filedTo: beijingDayEnd('2025-06-01') })).toEqual([]);
    // The same bounds on the indexes the other filters read.
    const range = { filedFrom: beijingDayStart('2025-06-02'), filedTo: beijingDayEnd('2025-06-02') };
    expect(await ids({ bureau: 'SC', ...range })).toEqual([day2.id]);
    expect(await ids({ status: 'filed', ...range })).toEqual([day2.id]);
    expect(await ids(range)).toEqual([day2.id]);
    expect(await ids({ id: day1.id, ...range })).toEqual([]);
  });

  it('pages through search entries, every match once, newest first', async () => {
    const filed: string[] = [];
    for (let i = 0; i < 7; i++) filed.push((await repo().file(newConsignment({ containers: [{ number: container(20) }] }, `2025-07-01T0${i}:00:00Z`), system)).id);
    expect(await ids({ container: container(20) }, 3)).toEqual(filed.reverse());
  });

  it('writes one search entry per container, HS heading and party credit code, once, in gsi1', async () => {
    const importer = creditCode(333000333);
    const c = await repo().file(
      newConsignment({ containers: [{ number: container(30) }, { number: container(31) }], goods: [line('847130'), line('847141'), line('950300')], consignee: { name: '丁', country: 'CN', creditCode: importer } }),
      system,
    );
    const { Items = [] } = await table.config().client.send(
      new QueryCommand({ TableName: table.config().tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': keys.consignment(c.id).pk, ':s': 'SEARCH#' } }),
    );
    expect(Items.map((i) => [i.sk, i.gsi1pk]).sort()).toEqual(
      [
        [`SEARCH#CONTAINER#${container(30)}`, keys.consignmentsWithContainer(container(30))],
        [`SEARCH#CONTAINER#${container(31)}`, keys.consignmentsWithContainer(container(31))],
        ['SEARCH#HS#8471', keys.consignmentsWithHeading('8471')],
        ['SEARCH#HS#9503', keys.consignmentsWithHeading('9503')],
        [`SEARCH#PARTY#${importer}`, keys.consignmentsOfParty(importer)],
      ].sort(),
    );
    expect(Items.find((i) => i.sk === 'SEARCH#HS#8471')?.hsCodes).toBe(' 847130 847141 ');
  });
});
