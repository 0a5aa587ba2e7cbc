import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isValid as isUlid, monotonicFactory } from 'ulid';
import type { BureauCode } from '../domain/codes.ts';
import type { LocalisedText } from '../domain/text.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { readItem } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

export interface NewNotification {
  bureau: BureauCode;
  /** e.g. `task-assigned`, `task-overdue`, `nonconformity`, `epidemic-alert`. */
  kind: string;
  title: LocalisedText;
  body?: LocalisedText;
  /** Structured facts an integrator acts on (due date, escalation level, clearance number…). */
  data?: Record<string, unknown>;
  consignmentId?: string;
  taskId?: string;
  /**
   * A ULID chosen by the caller makes a retried publish land on the same item (idempotent);
   * omitted, one is generated. ULIDs sort by time, which gives the inbox its order.
   */
  id?: string;
}

export interface Notification extends Omit<NewNotification, 'id'> {
  id: string;
  createdAt: string;
  readAt?: string;
}

const toNotification = (item: Record<string, unknown>) => withoutKeys(item) as unknown as Notification;

/** A bureau's inbox: items `NOTIFICATION#<ulid>` in the bureau's partition, read newest first. */
export class NotificationRepository {
  private readonly nextId: (seedTime?: number) => string = monotonicFactory();

  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** Files a notice in its bureau's inbox, or with `inbox.enterprise` in that enterprise's. */
  async add(notification: NewNotification, inbox: { enterprise?: string } = {}): Promise<Notification> {
    const now = this.config.now();
    if (notification.id !== undefined && !isUlid(notification.id)) throw new RangeError(`notification id must be a ULID, got ${notification.id}`);
    const id = notification.id ?? this.nextId(now.getTime());
    const record: Notification = { ...notification, id, createdAt: now.toISOString() };
    const key = inbox.enterprise !== undefined ? keys.enterpriseNotification(inbox.enterprise, id) : keys.notification(notification.bureau, id);
    try {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: { ...key, entity: 'Notification', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // Same id again: the publish was retried after it succeeded.
      const existing = await readItem(this.config, key);
      if (!existing) throw error;
      return toNotification(existing);
    }
  }

  /** Newest first; `unreadOnly` skips what an officer has already opened. */
  list(bureau: BureauCode, options: PageRequest & { unreadOnly?: boolean } = {}): Promise<Page<Notification>> {
    return queryPage(this.config, {
      partition: keys.notification(bureau, '').pk,
      sort: { beginsWith: keys.notificationPrefix },
      filters: options.unreadOnly ? [{ attribute: 'readAt', exists: false }] : [],
      forward: false,
      page: options,
      map: toNotification,
    });
  }

  /** An enterprise's inbox (what bureaus told its declarants), newest first. */
  listForEnterprise(creditCode: string, options: PageRequest & { unreadOnly?: boolean } = {}): Promise<Page<Notification>> {
    return queryPage(this.config, {
      partition: keys.enterpriseNotification(creditCode, '').pk,
      sort: { beginsWith: keys.notificationPrefix },
      filters: options.unreadOnly ? [{ attribute: 'readAt', exists: false }] : [],
      forward: false,
      page: options,
      map: toNotification,
    });
  }

  /** Marks a notification read; the first reading time is kept when it is marked again. */
  async markRead(bureau: BureauCode, id: string): Promise<Notification> {
    try {
      const { Attributes } = await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.notification(bureau, id),
          UpdateExpression: 'SET readAt = if_not_exists(readAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': this.config.now().toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toNotification(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new NotFoundError(`notification ${id} of bureau ${bureau} does not exist`, { entity: 'notification', id, bureau });
    }
  }
}
