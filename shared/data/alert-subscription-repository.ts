import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertSubscription } from '../domain/alerts/alert-subscription.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { readItem } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

const toSubscription = (item: Record<string, unknown>) => withoutKeys(item) as unknown as AlertSubscription;

/**
 * Enterprises' subscriptions to alert notices: one item per enterprise (a PUT replaces it), listed
 * by credit code in a sparse index while active, which the notices of an alert page through.
 */
export class AlertSubscriptionRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async put(subscription: AlertSubscription): Promise<AlertSubscription> {
    await this.config.client.send(
      new PutCommand({
        TableName: this.config.tableName,
        Item: {
          ...keys.alertSubscription(subscription.enterprise),
          entity: 'AlertSubscription',
          ...(subscription.active && { gsi1pk: keys.alertSubscribers, gsi1sk: subscription.enterprise }),
          ...subscription,
        },
      }),
    );
    return subscription;
  }

  async find(enterprise: string): Promise<AlertSubscription | undefined> {
    const item = await readItem(this.config, keys.alertSubscription(enterprise));
    return item ? toSubscription(item) : undefined;
  }

  /** Active subscriptions, by credit code. */
  listActive(page: PageRequest = {}): Promise<Page<AlertSubscription>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.alertSubscribers, page, map: toSubscription });
  }
}
