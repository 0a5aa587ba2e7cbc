import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { dataConfig, type DataConfig } from './config.ts';
import { isConditionalCheckFailed } from './errors.ts';
import { writeMany } from './keyed-items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';
import { retryOnConflict } from './retry-on-conflict.ts';
import { cancellationCodes, cancelledByConflict, MAX_TRANSACTION_ITEMS, TRANSACTION_CONFLICT_ATTEMPTS } from './transactions.ts';

/** One aggregate item: its partition (`STATS#<scope>#<dimension>#<value>`) and period (`DAY#…`, `MONTH#…`). */
export interface AggregateKey {
  pk: string;
  sk: string;
}

/** Counter attribute → value (the numbers of an item, nothing else). */
export type Counters = Record<string, number>;

export type CountState = 'counting' | 'counted';

/** A consignment's count: who counts it, until when, and which items carry its mark. */
export interface CountMarker {
  consignmentId: string;
  state: CountState;
  attempt: string;
  /** An attempt that has not finished by then is taken to be dead: another may take over. */
  leaseUntil?: string;
  /** The items the count touches, `pk|sk`; removed once their marks are cleaned. */
  items?: string[];
  startedAt: string;
  countedAt?: string;
}

/** One transaction holds the marker and this many items. */
export const MAX_ITEMS_COUNTED_AT_ONCE = MAX_TRANSACTION_ITEMS - 1;

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 5;
/** The mark an item carries of the consignments being counted into it (a string set). */
const MARKS = 'countedFor';

export const itemId = (key: AggregateKey) => `${key.pk}|${key.sk}`;
export function keyOfItemId(id: string): AggregateKey {
  const bar = id.indexOf('|');
  return { pk: id.slice(0, bar), sk: id.slice(bar + 1) };
}

/** An item's counters: its numeric attributes (keys, marks and labels are strings or sets). */
function countersOf(item: Record<string, unknown>): Counters {
  const out: Counters = {};
  for (const [name, value] of Object.entries(item)) if (typeof value === 'number') out[name] = value;
  return out;
}

/**
 * The statistics of 408号 三（二）, kept as consignments close: one item per scope, dimension value
 * and Beijing day or month, its counters moved by `ADD` (docs/data-model.md, "Statistics").
 *
 * A count is exact once per consignment. Nearly every count is one transaction (`countAtOnce`):
 * the marker, written `counted` only if absent, with every item's `ADD`. A count of more items
 * than a transaction holds, or one a crash left half done by the earlier way, goes item by item:
 * the count marker is claimed first, with a lease; each item's `ADD` is conditional on the item
 * not yet bearing the consignment's mark and adds the mark in the same write, so an attempt that
 * takes over from a dead one skips the items it had done; then the marker says `counted` and the
 * marks are removed, which keeps items small. A retried close finds `counted` and adds nothing.
 */
export class StatisticsRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async findCount(consignmentId: string): Promise<CountMarker | undefined> {
    const { Item } = await this.config.client.send(new GetCommand({ TableName: this.config.tableName, Key: keys.statisticsCount(consignmentId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, gsi3pk: _g, gsi3sk: _s, ...marker } = Item;
    return marker as unknown as CountMarker;
  }

  /**
   * Claims the count for one attempt: free, or held by an attempt whose lease ran out. While it
   * counts, the marker is listed for the outbox relay (`STATS-COUNTS#OPEN`, by lease end).
   */
  async claimCount(consignmentId: string, claim: { attempt: string; now: string; leaseUntil: string; items: readonly AggregateKey[] }): Promise<boolean> {
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.statisticsCount(consignmentId),
          UpdateExpression:
            'SET entity = :entity, consignmentId = :id, #state = :counting, attempt = :attempt, leaseUntil = :lease, #items = :items, startedAt = if_not_exists(startedAt, :now), gsi3pk = :open, gsi3sk = :order',
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :counting AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state', '#items': 'items' },
          ExpressionAttributeValues: {
            ':entity': 'StatisticsCount',
            ':id': consignmentId,
            ':counting': 'counting',
            ':attempt': claim.attempt,
            ':lease': claim.leaseUntil,
            ':items': claim.items.map(itemId),
            ':now': claim.now,
            ':open': keys.statisticsCountsOpen,
            ':order': `${claim.leaseUntil}#${consignmentId}`,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Adds a consignment's counters to one item once: refused (false) when the item already bears
   * the consignment's mark, i.e. an earlier attempt added them.
   */
  async addOnce(key: AggregateKey, counters: Counters, consignmentId: string, labels: Record<string, string>): Promise<boolean> {
    try {
      await this.send(key, counters, labels, { mark: consignmentId });
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Writes items whose totals were summed elsewhere, replacing what they held (BatchWriteItem, 25
   * at a time): for loading aggregates in bulk (the stats benchmark), never for a close. The items
   * are those `addOnce` would have built from the same counters, without marks.
   */
  async loadTotals(items: ReadonlyArray<{ key: AggregateKey; counters: Counters; labels: Record<string, string> }>): Promise<void> {
    await writeMany(
      this.config,
      items.map((item) => ({ ...item.counters, entity: 'Statistics', ...item.labels, pk: item.key.pk, sk: item.key.sk })),
      'statistics items',
      BATCH_GET_ATTEMPTS,
    );
  }

  /**
   * The whole count in one TransactWriteItems: the marker, `counted`, only if there is none, and
   * every item's counters; `marker-exists` when there was one (this consignment was counted, or is
   * being counted item by item). Items are unique and at most MAX_ITEMS_COUNTED_AT_ONCE.
   */
  async countAtOnce(consignmentId: string, items: ReadonlyArray<{ key: AggregateKey; counters: Counters; labels: Record<string, string> }>, now: string): Promise<'counted' | 'marker-exists'> {
    const marker = {
      TableName: this.config.tableName,
      Item: { ...keys.statisticsCount(consignmentId), entity: 'StatisticsCount', consignmentId, state: 'counted', attempt: 'transaction', startedAt: now, countedAt: now },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    const command = new TransactWriteCommand({
      TransactItems: [{ Put: marker }, ...items.map((item) => ({ Update: { TableName: this.config.tableName, Key: item.key, ...cellUpdate(item.counters, item.labels, {}) } }))],
    });
    try {
      await retryOnConflict(() => this.config.client.send(command), TRANSACTION_CONFLICT_ATTEMPTS, cancelledByConflict);
      return 'counted';
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'marker-exists';
      throw error;
    }
  }

  private async send(key: AggregateKey, counters: Counters, labels: Record<string, string>, options: { mark?: string }): Promise<void> {
    await this.config.client.send(new UpdateCommand({ TableName: this.config.tableName, Key: key, ...cellUpdate(counters, labels, options) }));
  }

  /** The count is done: only by the attempt that holds it (false when another took over). */
  async finishCount(consignmentId: string, attempt: string, now: string): Promise<boolean> {
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.statisticsCount(consignmentId),
          UpdateExpression: 'SET #state = :counted, countedAt = :now REMOVE leaseUntil, gsi3pk, gsi3sk',
          ConditionExpression: 'attempt = :attempt AND #state = :counting',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':counted': 'counted', ':counting': 'counting', ':now': now, ':attempt': attempt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Takes a counted consignment's mark off an item (a missing item is left missing). */
  async removeMark(key: AggregateKey, consignmentId: string): Promise<void> {
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: key,
          UpdateExpression: 'DELETE #marks :mark',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#marks': MARKS },
          ExpressionAttributeValues: { ':mark': new Set([consignmentId]) },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Every mark of a counted consignment is gone: the marker keeps only that it was counted. */
  async forgetItems(consignmentId: string): Promise<void> {
    await this.config.client.send(
      new UpdateCommand({
        TableName: this.config.tableName,
        Key: keys.statisticsCount(consignmentId),
        UpdateExpression: 'REMOVE #items',
        ConditionExpression: '#state = :counted',
        ExpressionAttributeNames: { '#state': 'state', '#items': 'items' },
        ExpressionAttributeValues: { ':counted': 'counted' },
      }),
    ).catch((error: unknown) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
  }

  /** Counts begun whose lease ended before `before`: the outbox relay finishes them. */
  listStaleCounts(before: string, page: PageRequest = {}): Promise<Page<CountMarker>> {
    return queryPage(this.config, {
      index: 'gsi3',
      partition: keys.statisticsCountsOpen,
      sort: { atMost: `${before}#\uffff` },
      page,
      map: (item) => item as unknown as CountMarker,
    });
  }

  /**
   * The counters of the items that exist among `keys`, by BatchGetItem (eventually consistent:
   * statistics may lag a close by a moment). Missing items hold nothing.
   */
  async read(itemKeys: readonly AggregateKey[]): Promise<Map<string, Counters>> {
    const unique = [...new Map(itemKeys.map((k) => [itemId(k), k])).values()];
    const found = new Map<string, Counters>();
    const batches: AggregateKey[][] = [];
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) batches.push(unique.slice(start, start + BATCH_GET_KEYS));
    await Promise.all(
      batches.map(async (batch) => {
        let pending: Array<Record<string, unknown>> = batch.map((k) => ({ pk: k.pk, sk: k.sk }));
        for (let attempt = 1; pending.length > 0; attempt++) {
          if (attempt > BATCH_GET_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} statistics items unread after ${BATCH_GET_ATTEMPTS} attempts`);
          if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
          const output: BatchGetCommandOutput = await this.config.client.send(new BatchGetCommand({ RequestItems: { [this.config.tableName]: { Keys: pending } } }));
          for (const item of output.Responses?.[this.config.tableName] ?? []) found.set(itemId({ pk: String(item.pk), sk: String(item.sk) }), countersOf(item));
          pending = output.UnprocessedKeys?.[this.config.tableName]?.Keys ?? [];
        }
      }),
    );
    return found;
  }

  /** Adds HS headings to the list of an enterprise's (a set: adding one twice is adding it once). */
  async recordHeadings(creditCode: string, headings: readonly string[]): Promise<void> {
    if (headings.length === 0) return;
    await this.config.client.send(
      new UpdateCommand({
        TableName: this.config.tableName,
        Key: keys.enterpriseHeadings(creditCode),
        UpdateExpression: 'SET entity = :entity ADD headings :headings',
        ExpressionAttributeValues: { ':entity': 'EnterpriseHeadings', ':headings': new Set(headings) },
      }),
    );
  }

  async headingsOf(creditCode: string): Promise<string[]> {
    const { Item } = await this.config.client.send(new GetCommand({ TableName: this.config.tableName, Key: keys.enterpriseHeadings(creditCode) }));
    const headings = Item?.headings;
    return headings instanceof Set ? [...(headings as Set<string>)].sort() : [];
  }
}

/** An item's update: labels set, counters added and, counting item by item, the consignment's mark added where it is not yet. */
function cellUpdate(counters: Counters, labels: Record<string, string>, options: { mark?: string }) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(counters).map(([name, value], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = value;
    return `#c${i} :c${i}`;
  });
  const sets = Object.entries({ entity: 'Statistics', ...labels }).map(([name, value], i) => {
    names[`#l${i}`] = name;
    values[`:l${i}`] = value;
    return `#l${i} = :l${i}`;
  });
  if (options.mark !== undefined) {
    names['#marks'] = MARKS;
    values[':mark'] = new Set([options.mark]);
    values[':markValue'] = options.mark;
    adds.push('#marks :mark');
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
    ...(options.mark !== undefined && { ConditionExpression: 'NOT contains(#marks, :markValue)' }),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
