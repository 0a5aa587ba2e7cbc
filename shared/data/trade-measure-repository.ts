import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TradeMeasureNote, TradeMeasureSubscription } from '../domain/trade-measures/trade-measure.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { readItem } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { createKeyed, findKeyed, REQUEST_KEY, type RequestKey } from './keyed-items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

const subject = (id: string) => ({ entity: 'trade-measure note', id, key: keys.tradeMeasure(id) });
const toNote = (item: Record<string, unknown>) => withoutKeys(item, [REQUEST_KEY]) as unknown as TradeMeasureNote;
const toSubscription = (item: Record<string, unknown>) => withoutKeys(item) as unknown as TradeMeasureSubscription;

/**
 * Technical-trade-measure notes (never changed once published), newest first, all (gsi1) and per
 * country (gsi2); enterprises' subscriptions, one item per enterprise beside its inbox, listed by
 * credit code in a sparse index while active.
 */
export class TradeMeasureRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async create(note: TradeMeasureNote, keyed: RequestKey = {}): Promise<TradeMeasureNote> {
    const order = keys.timeOrder(note.publishedAt, note.id);
    const item = await createKeyed(
      this.config,
      subject(note.id),
      { entity: 'TradeMeasure', gsi1pk: keys.allTradeMeasures, gsi1sk: order, gsi2pk: keys.tradeMeasuresOfCountry(note.country), gsi2sk: order, ...note },
      keyed,
    );
    return toNote(item);
  }

  async findKeyed(id: string, keyed: RequestKey): Promise<TradeMeasureNote | undefined> {
    const item = await findKeyed(this.config, subject(id), keyed);
    return item && toNote(item);
  }

  async find(id: string): Promise<TradeMeasureNote | undefined> {
    const item = await readItem(this.config, keys.tradeMeasure(id));
    return item && toNote(item);
  }

  list(listing: { country?: string | undefined }, page: PageRequest = {}): Promise<Page<TradeMeasureNote>> {
    return listing.country === undefined
      ? queryPage(this.config, { index: 'gsi1', partition: keys.allTradeMeasures, forward: false, page, map: toNote })
      : queryPage(this.config, { index: 'gsi2', partition: keys.tradeMeasuresOfCountry(listing.country), forward: false, page, map: toNote });
  }

  async putSubscription(subscription: TradeMeasureSubscription): Promise<TradeMeasureSubscription> {
    await this.config.client.send(
      new PutCommand({
        TableName: this.config.tableName,
        Item: {
          ...keys.tradeMeasureSubscription(subscription.enterprise),
          entity: 'TradeMeasureSubscription',
          ...(subscription.active && { gsi1pk: keys.tradeMeasureSubscribers, gsi1sk: subscription.enterprise }),
          ...subscription,
        },
      }),
    );
    return subscription;
  }

  async findSubscription(enterprise: string): Promise<TradeMeasureSubscription | undefined> {
    const item = await readItem(this.config, keys.tradeMeasureSubscription(enterprise));
    return item ? toSubscription(item) : undefined;
  }

  /** Active subscriptions, by credit code. */
  listSubscribers(page: PageRequest = {}): Promise<Page<TradeMeasureSubscription>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.tradeMeasureSubscribers, page, map: toSubscription });
  }
}
