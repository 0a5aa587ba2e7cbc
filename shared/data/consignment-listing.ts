import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Consignment } from '../domain/consignment.ts';
import { portBureau } from '../domain/reference/ports.ts';
import { declarantOf, summaryOf, toConsignment, toSummary } from './consignment-items.ts';
import type { ConsignmentQuery, ConsignmentSummary } from './consignment-records.ts';
import { hsHeading } from './consignment-search-entries.ts';
import type { DataConfig } from './config.ts';
import { readMany } from './keyed-items.ts';
import { keys, type ConsignmentOwner, type IndexName } from './keys.ts';
import type { Page, PageRequest, SortCondition } from './pagination.ts';
import { queryPage, timeRangeCondition, type Filter } from './query.ts';

/**
 * GET /consignments and its filters, newest first, without a Scan: the most selective filter
 * picks what is read (docs/data-model.md, access patterns 3–9 and "Search"):
 *
 * 1. `id`: the consignment item itself;
 * 2. `container`: its search entries (gsi1 `CONTAINER#<number>#CONSIGNMENTS`);
 * 3. `trainId`: the by-train index of the consignment items (gsi1);
 * 4. `hsPrefix`: the entries of its heading (gsi1 `HS#<heading>#CONSIGNMENTS`), a longer prefix
 *    matched on the entry's codes;
 * 5. `party`: the entries of the credit code (gsi1 `PARTY#<cc>#CONSIGNMENTS`);
 * 6. `bureau` or `enterprise`: their listing entries (gsi1, or gsi2 with a status);
 * 7. `portCode`: the port bureau's listing entries (a port bureau is responsible for every
 *    consignment through its ports), filtered by port;
 * 8. `status` (gsi2), else all (gsi3).
 *
 * The filing-time range is a sort-key condition on every one of them; the other filters become
 * FilterExpressions where the items read hold them, and are checked on the consignment where
 * they do not (search entries hold only what never changes, so status and bureaus are read from
 * the consignment items a page finds). Such a page may hold fewer items than `limit` and still
 * have a `nextToken`.
 */
export async function listConsignments(config: DataConfig, query: ConsignmentQuery, page: PageRequest): Promise<Page<ConsignmentSummary>> {
  const sort = timeRangeCondition({ from: query.filedFrom, to: query.filedTo });
  if (query.id !== undefined) return byId(config, query.id, query);
  if (query.container !== undefined) return bySearchEntries(config, keys.consignmentsWithContainer(query.container), query, sort, page);
  if (query.trainId !== undefined) return byIndex(config, query, sort, page);
  if (query.hsPrefix !== undefined) return bySearchEntries(config, keys.consignmentsWithHeading(hsHeading(query.hsPrefix)), query, sort, page);
  if (query.party !== undefined) return bySearchEntries(config, keys.consignmentsOfParty(query.party), query, sort, page);
  return byIndex(config, query, sort, page);
}

/** Whether a consignment passes every filter of the query (the filing time included). */
export function matchesQuery(c: Consignment, query: ConsignmentQuery): boolean {
  const filed = Date.parse(c.createdAt);
  return (
    (query.id === undefined || c.id === query.id) &&
    (query.status === undefined || c.status === query.status) &&
    (query.direction === undefined || c.direction === query.direction) &&
    (query.bureau === undefined || (c.responsibleBureaus as readonly string[]).includes(query.bureau)) &&
    (query.enterprise === undefined || declarantOf(c) === query.enterprise) &&
    (query.trainId === undefined || c.trainId === query.trainId) &&
    (query.portCode === undefined || c.portCode === query.portCode) &&
    (query.container === undefined || c.containers.some((container) => container.number === query.container)) &&
    (query.hsPrefix === undefined || c.goods.some((line) => line.hsCode.startsWith(query.hsPrefix ?? ''))) &&
    (query.party === undefined || c.consignor.creditCode === query.party || c.consignee.creditCode === query.party) &&
    (query.filedFrom === undefined || filed >= Date.parse(query.filedFrom)) &&
    (query.filedTo === undefined || filed <= Date.parse(query.filedTo))
  );
}

async function byId(config: DataConfig, id: string, query: ConsignmentQuery): Promise<Page<ConsignmentSummary>> {
  const { Item } = await config.client.send(new GetCommand({ TableName: config.tableName, Key: keys.consignment(id), ConsistentRead: true }));
  const consignment = Item ? toConsignment(Item) : undefined;
  return { items: consignment && matchesQuery(consignment, query) ? [summaryOf(consignment)] : [] };
}

/** A page of search entries, then the consignments they name (BatchGetItem, consistent), checked against the query. */
async function bySearchEntries(
  config: DataConfig,
  partition: string,
  query: ConsignmentQuery,
  sort: SortCondition | undefined,
  page: PageRequest,
): Promise<Page<ConsignmentSummary>> {
  const filters: Filter[] = [];
  if (query.direction !== undefined) filters.push({ attribute: 'direction', equals: query.direction });
  if (query.portCode !== undefined) filters.push({ attribute: 'portCode', equals: query.portCode });
  if (query.enterprise !== undefined) filters.push({ attribute: 'declarant', equals: query.enterprise });
  if (query.hsPrefix !== undefined && partition === keys.consignmentsWithHeading(hsHeading(query.hsPrefix))) {
    filters.push({ attribute: 'hsCodes', contains: ` ${query.hsPrefix}` });
  }
  const found = await queryPage(config, { index: 'gsi1', partition, ...(sort && { sort }), filters, forward: false, page, map: (item) => String(item.id) });
  const items = await readMany(config, found.items.map((id) => keys.consignment(id)));
  const byIdMap = new Map(items.map((item) => [String(item.id), toConsignment(item)]));
  const summaries = found.items
    .map((id) => byIdMap.get(id))
    .filter((c): c is Consignment => c !== undefined && matchesQuery(c, query))
    .map(summaryOf);
  return found.nextToken !== undefined ? { items: summaries, nextToken: found.nextToken } : { items: summaries };
}

/** The consignment items' indexes (train, status, all) and the listing entries (bureau, enterprise, port). */
async function byIndex(config: DataConfig, query: ConsignmentQuery, sort: SortCondition | undefined, page: PageRequest): Promise<Page<ConsignmentSummary>> {
  const filters: Filter[] = [];
  let index: IndexName;
  let partition: string;
  const owner: ConsignmentOwner | undefined =
    query.bureau !== undefined
      ? { bureau: query.bureau }
      : query.enterprise !== undefined
        ? { enterprise: query.enterprise }
        : query.portCode !== undefined
          ? { bureau: portBureau(query.portCode) }
          : undefined;
  if (query.trainId !== undefined) {
    index = 'gsi1';
    partition = keys.consignmentsOfTrain(query.trainId);
    if (query.status !== undefined) filters.push({ attribute: 'status', equals: query.status });
    if (query.bureau !== undefined) filters.push({ attribute: 'responsibleBureaus', contains: query.bureau });
    if (query.enterprise !== undefined) filters.push({ attribute: 'declarant', equals: query.enterprise });
  } else if (owner !== undefined) {
    if (query.status !== undefined) {
      index = 'gsi2';
      partition = keys.consignmentsOfOwnerInStatus(owner, query.status);
    } else {
      index = 'gsi1';
      partition = keys.consignmentsOfOwner(owner);
    }
    if (query.bureau !== undefined && query.enterprise !== undefined) filters.push({ attribute: 'declarant', equals: query.enterprise });
  } else if (query.status !== undefined) {
    index = 'gsi2';
    partition = keys.consignmentsInStatus(query.status);
  } else {
    index = 'gsi3';
    partition = keys.allConsignments;
  }
  if (query.direction !== undefined) filters.push({ attribute: 'direction', equals: query.direction });
  if (query.portCode !== undefined) filters.push({ attribute: 'portCode', equals: query.portCode });
  if (query.trainId !== undefined && (query.hsPrefix !== undefined || query.party !== undefined)) {
    // The by-train index holds whole consignment items: goods and parties are checked on them.
    const found = await queryPage(config, { index, partition, ...(sort && { sort }), filters, forward: false, page, map: toConsignment });
    const items = found.items.filter((c) => matchesQuery(c, query)).map(summaryOf);
    return found.nextToken !== undefined ? { items, nextToken: found.nextToken } : { items };
  }
  return queryPage(config, { index, partition, ...(sort && { sort }), filters, forward: false, page, map: toSummary });
}
