import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DataConfig } from './config.ts';
import { INDEX, sortableTime, type IndexName } from './keys.ts';
import { decodePageToken, encodePageToken, isEmptySortCondition, pageSize, type ListingKey, type Page, type PageRequest, type SortCondition } from './pagination.ts';

export type { SortCondition } from './pagination.ts';

/** A FilterExpression term: applied after the key condition, so it narrows a page, not the read. */
export type Filter =
  | { attribute: string; equals: string | number | boolean }
  | { attribute: string; contains: string }
  | { attribute: string; exists: boolean };

/** Upper bound for `<time>#<id>` sort keys at a given instant. */
const AFTER_ANY_ID = '#\uffff';

/** Inclusive ISO 8601 bounds on the time that leads a `<time>#<id>` sort key. */
export interface TimeRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** The sort-key condition that keeps a `<time>#<id>` index inside a time range. */
export function timeRangeCondition(range: TimeRange): SortCondition | undefined {
  const from = range.from !== undefined ? sortableTime(range.from) : undefined;
  const to = range.to !== undefined ? sortableTime(range.to) + AFTER_ANY_ID : undefined;
  if (from !== undefined && to !== undefined) return { between: [from, to] };
  if (from !== undefined) return { atLeast: from };
  if (to !== undefined) return { atMost: to };
  return undefined;
}

export interface QuerySpec<T> {
  /** Omitted: the table's own key (pk/sk). */
  index?: IndexName;
  /** Value of the partition key (pk, or the index's partition key). */
  partition: string;
  sort?: SortCondition;
  filters?: Filter[];
  /** true: ascending sort key (default); false: newest first for time-ordered keys. */
  forward?: boolean;
  /** Strongly consistent read; only for the table itself (GSIs are eventually consistent). */
  consistent?: boolean;
  page: PageRequest;
  map: (item: Record<string, unknown>) => T;
}

/** With filters, one DynamoDB page may hold few matches; read on, at most this often, to fill it. */
const MAX_ROUND_TRIPS = 8;

function expressions(spec: QuerySpec<unknown>) {
  const keyNames = spec.index ? { pk: INDEX[spec.index].pk, sk: INDEX[spec.index].sk } : { pk: 'pk', sk: 'sk' };
  const names: Record<string, string> = { '#pk': keyNames.pk };
  const values: Record<string, unknown> = { ':pk': spec.partition };
  let keyCondition = '#pk = :pk';
  const sort = spec.sort;
  if (sort) {
    names['#sk'] = keyNames.sk;
    if ('beginsWith' in sort) {
      keyCondition += ' AND begins_with(#sk, :sk)';
      values[':sk'] = sort.beginsWith;
    } else if ('between' in sort) {
      keyCondition += ' AND #sk BETWEEN :skFrom AND :skTo';
      values[':skFrom'] = sort.between[0];
      values[':skTo'] = sort.between[1];
    } else if ('atLeast' in sort) {
      keyCondition += ' AND #sk >= :sk';
      values[':sk'] = sort.atLeast;
    } else {
      keyCondition += ' AND #sk <= :sk';
      values[':sk'] = sort.atMost;
    }
  }
  const terms = (spec.filters ?? []).map((filter, i) => {
    names[`#f${i}`] = filter.attribute;
    if ('equals' in filter) {
      values[`:f${i}`] = filter.equals;
      return `#f${i} = :f${i}`;
    }
    if ('contains' in filter) {
      values[`:f${i}`] = filter.contains;
      return `contains(#f${i}, :f${i})`;
    }
    return filter.exists ? `attribute_exists(#f${i})` : `attribute_not_exists(#f${i})`;
  });
  return { keyCondition, filter: terms.length > 0 ? terms.join(' AND ') : undefined, names, values };
}

/** The key condition of a query, as its page tokens are bound to and checked against. */
function listingKey(spec: QuerySpec<unknown>): ListingKey {
  return {
    ...(spec.index && { index: INDEX[spec.index].name, indexKey: { pk: INDEX[spec.index].pk, sk: INDEX[spec.index].sk } }),
    tableKey: { pk: 'pk', sk: 'sk' },
    partition: spec.partition,
    ...(spec.sort && { sort: spec.sort }),
  };
}

/**
 * One page of a Query with an opaque continuation token. The token is only accepted by the same
 * listing (same index, partition and sort condition) and only with a key inside the query's own
 * key condition, see decodePageToken.
 */
export async function queryPage<T>(config: DataConfig, spec: QuerySpec<T>): Promise<Page<T>> {
  const limit = pageSize(spec.page);
  const listing = listingKey(spec);
  let startKey: Record<string, string> | undefined = spec.page.nextToken ? decodePageToken(spec.page.nextToken, listing) : undefined;
  // A range whose lower bound is above its upper bound holds nothing (DynamoDB would refuse it).
  if (isEmptySortCondition(spec.sort)) return { items: [] };
  const { keyCondition, filter, names, values } = expressions(spec);

  const items: T[] = [];
  for (let trip = 0; trip < MAX_ROUND_TRIPS && items.length < limit; trip++) {
    const input: QueryCommandInput = {
      TableName: config.tableName,
      IndexName: spec.index ? INDEX[spec.index].name : undefined,
      KeyConditionExpression: keyCondition,
      FilterExpression: filter,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: spec.forward ?? true,
      ConsistentRead: spec.index ? undefined : spec.consistent,
      // Never evaluate more than the page still needs, so the last evaluated key is exactly
      // where this page ends and the next one starts.
      Limit: limit - items.length,
      ExclusiveStartKey: startKey,
    };
    const output = await config.client.send(new QueryCommand(input));
    for (const item of output.Items ?? []) items.push(spec.map(item));
    startKey = output.LastEvaluatedKey as Record<string, string> | undefined;
    if (!startKey) break;
  }
  return startKey ? { items, nextToken: encodePageToken(startKey, listing) } : { items };
}
