import { createHash } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dataConfig, type DataConfig } from './config.ts';
import { ConflictError, NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { readItem } from './guarded-write.ts';
import { keys } from './keys.ts';

/** The SNS filter policy of a webhook: the bureau's own notices, optionally only some kinds. */
export interface WebhookFilterPolicy {
  bureau: string[];
  kind?: string[];
}

export interface Webhook {
  /** Derived from the URL: one webhook per URL and bureau. */
  id: string;
  url: string;
  /** The notice kinds asked for; absent: every kind. */
  kinds?: string[];
  filterPolicy: WebhookFilterPolicy;
  /** The SNS subscription; absent while the registration that holds the slot has not subscribed yet. */
  subscriptionArn?: string;
  createdAt: string;
  updatedAt: string;
  /** Moves on with every change of the filter, so two concurrent changes cannot both be the last. */
  version: number;
}

/** A bureau's webhooks, as one item (`BUREAU#<code>` / `WEBHOOKS`); `version` 0 when it has none yet. */
export interface WebhookRegistry {
  bureau: string;
  webhooks: Webhook[];
  version: number;
}

export const webhookIdOf = (url: string): string => createHash('sha256').update(url, 'utf8').digest('base64url').slice(0, 22);

export interface NewWebhook {
  url: string;
  kinds?: string[];
  filterPolicy: WebhookFilterPolicy;
}

/**
 * A bureau's webhook registry. All of a bureau's webhooks live on one item, so the cap on their
 * number is kept by one conditional write: a new webhook is added only at the registry version
 * the caller read (and counted). Changes to one webhook are guarded by that webhook's own version
 * and do not race with registrations of other URLs.
 */
export class WebhookRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async get(bureau: string): Promise<WebhookRegistry> {
    const item = await readItem(this.config, keys.webhooks(bureau));
    if (!item) return { bureau, webhooks: [], version: 0 };
    const webhooks = Object.values((item.webhooks ?? {}) as Record<string, Webhook>).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return { bureau, webhooks, version: Number(item.version ?? 0) };
  }

  /**
   * Adds a webhook without a subscription yet (it holds its slot under the cap), at the registry
   * version the caller read. ConflictError when the registry moved on or the URL is already there.
   */
  async reserve(bureau: string, registryVersion: number, webhook: NewWebhook): Promise<Webhook> {
    const now = this.config.now().toISOString();
    const entry: Webhook = {
      id: webhookIdOf(webhook.url),
      url: webhook.url,
      ...(webhook.kinds !== undefined && { kinds: webhook.kinds }),
      filterPolicy: webhook.filterPolicy,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const key = keys.webhooks(bureau);
    try {
      if (registryVersion === 0) {
        await this.config.client.send(
          new PutCommand({
            TableName: this.config.tableName,
            Item: { ...key, entity: 'WebhookRegistry', bureau, webhooks: { [entry.id]: entry }, version: 1 },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } else {
        await this.config.client.send(
          new UpdateCommand({
            TableName: this.config.tableName,
            Key: key,
            UpdateExpression: 'SET #webhooks.#id = :entry, #version = :next',
            ConditionExpression: '#version = :version AND attribute_not_exists(#webhooks.#id)',
            ExpressionAttributeNames: { '#webhooks': 'webhooks', '#id': entry.id, '#version': 'version' },
            ExpressionAttributeValues: { ':entry': entry, ':version': registryVersion, ':next': registryVersion + 1 },
          }),
        );
      }
      return entry;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new ConflictError(`the webhooks of bureau ${bureau} changed since version ${registryVersion}`, { entity: 'webhooks', id: bureau, expectedVersion: registryVersion });
    }
  }

  /** The bureau whose webhook the URL is, once its subscription is recorded; undefined for a URL no bureau uses. */
  async holderOf(url: string): Promise<string | undefined> {
    const item = await readItem(this.config, keys.webhookUrl(webhookIdOf(url)));
    return typeof item?.bureau === 'string' ? item.bureau : undefined;
  }

  /** Marks the URL as the bureau's (it holds the URL's one SNS subscription); the same again is no change. */
  async claimUrl(url: string, bureau: string): Promise<void> {
    try {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: { ...keys.webhookUrl(webhookIdOf(url)), entity: 'WebhookUrl', url, bureau },
          ConditionExpression: 'attribute_not_exists(pk) OR bureau = :bureau',
          ExpressionAttributeValues: { ':bureau': bureau },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new ConflictError(`webhook URL ${url} serves another bureau`, { entity: 'webhookUrl', id: webhookIdOf(url) });
    }
  }

  /** Gives up a reservation that got no subscription (the endpoint could not be subscribed); gone already is fine. */
  async release(bureau: string, id: string): Promise<void> {
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.webhooks(bureau),
          UpdateExpression: 'REMOVE #webhooks.#id SET #version = #version + :one',
          ConditionExpression: 'attribute_exists(#webhooks.#id) AND attribute_not_exists(#webhooks.#id.#arn)',
          ExpressionAttributeNames: { '#webhooks': 'webhooks', '#id': id, '#arn': 'subscriptionArn', '#version': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Records the webhook's SNS subscription (the same one again is no change). */
  async recordSubscription(bureau: string, id: string, subscriptionArn: string): Promise<void> {
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.webhooks(bureau),
          UpdateExpression: 'SET #webhooks.#id.#arn = :arn',
          ConditionExpression: 'attribute_exists(#webhooks.#id) AND (attribute_not_exists(#webhooks.#id.#arn) OR #webhooks.#id.#arn = :arn)',
          ExpressionAttributeNames: { '#webhooks': 'webhooks', '#id': id, '#arn': 'subscriptionArn' },
          ExpressionAttributeValues: { ':arn': subscriptionArn },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new NotFoundError(`webhook ${id} of bureau ${bureau} does not exist or has another subscription`, { entity: 'webhook', id, bureau });
    }
  }

  /** Replaces a subscribed webhook's filter, from the webhook version the caller read. */
  async updateFilter(bureau: string, id: string, expectedVersion: number, change: { kinds?: string[]; filterPolicy: WebhookFilterPolicy }): Promise<void> {
    const names: Record<string, string> = {
      '#webhooks': 'webhooks',
      '#id': id,
      '#fp': 'filterPolicy',
      '#updatedAt': 'updatedAt',
      '#version': 'version',
      '#kinds': 'kinds',
      '#arn': 'subscriptionArn',
    };
    const values: Record<string, unknown> = {
      ':fp': change.filterPolicy,
      ':now': this.config.now().toISOString(),
      ':version': expectedVersion,
      ':next': expectedVersion + 1,
    };
    const path = '#webhooks.#id';
    let update = `SET ${path}.#fp = :fp, ${path}.#updatedAt = :now, ${path}.#version = :next`;
    if (change.kinds !== undefined) {
      update += `, ${path}.#kinds = :kinds`;
      values[':kinds'] = change.kinds;
    } else update += ` REMOVE ${path}.#kinds`;
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.webhooks(bureau),
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(${path}.#arn) AND ${path}.#version = :version`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new ConflictError(`webhook ${id} of bureau ${bureau} changed since version ${expectedVersion}`, { entity: 'webhook', id, bureau, expectedVersion });
    }
  }
}
