import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertChange, AlertKind, AlertRecord, AlertStatus } from '../domain/alerts/alert.ts';
import { readChangeHistory } from './change-history.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { putOnce } from './keyed-items.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage, type Filter } from './query.ts';

const subject = (id: string) => ({ entity: 'alert', id, key: keys.alert(id) });
/** `lastChange` is the history entry of the item's current version, kept until its copy is sure. */
const toAlert = (item: Record<string, unknown>) => withoutKeys(item, ['lastChange']) as unknown as AlertRecord;
const toChange = (item: Record<string, unknown>) => withoutKeys(item) as unknown as AlertChange;

const INDEX_ATTRIBUTES = ['gsi1pk', 'gsi1sk', 'gsi3pk', 'gsi3sk'] as const;

/**
 * The index keys an alert has in this state: all alerts (gsi2, newest first); while active, the
 * sparse active index the routing policy reads (gsi1, by end, soonest first); while its current
 * workflow execution is not known to run, the outbox (gsi3, by the change's time).
 */
function indexAttributes(alert: AlertRecord): Record<string, string> {
  return {
    gsi2pk: keys.allAlerts,
    gsi2sk: `${sortableTime(alert.createdAt)}#${alert.id}`,
    ...(alert.status === 'active' && { gsi1pk: keys.activeAlerts, gsi1sk: `${sortableTime(alert.validUntil)}#${alert.id}` }),
    ...(alert.effect && alert.effect.startedAt === undefined && { gsi3pk: keys.unstartedAlertEffects, gsi3sk: `${sortableTime(alert.updatedAt)}#${alert.id}` }),
  };
}

export interface AlertFilter {
  status?: AlertStatus | undefined;
  kind?: AlertKind | undefined;
  country?: string | undefined;
  /** Only alerts that have been in force (what every caller may read). */
  published?: boolean | undefined;
  /** Only alerts raised by this bureau. */
  bureau?: string | undefined;
}

export interface AlertUpdate {
  /** Applies only at this version (the one the alert was read at). */
  expectedVersion: number;
  /** Applies only while the alert has one of these statuses. */
  from?: readonly AlertStatus[];
  /** The alert as it is to be after the change (version = expectedVersion + 1). */
  alert: AlertRecord;
  change: AlertChange;
}

/**
 * Alerts of the platform, one item each with its audit history beside it (as the recognised
 * bodies keep theirs): each change is one version-guarded UpdateItem that also stores its history
 * entry as `lastChange`, copied to `CHANGE#<version>` afterwards; the next change, or `history`,
 * makes up for a copy a crash lost. The platform holds hundreds of alerts, not millions, so the
 * listings filter on top of one index partition each.
 */
export class AlertRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** A taken id is an AlreadyExistsError. */
  async create(alert: AlertRecord, change: AlertChange): Promise<AlertRecord> {
    if (alert.version !== 1 || change.version !== 1) throw new RangeError('a new alert starts at version 1');
    await putNew(this.config, subject(alert.id), { entity: 'Alert', ...indexAttributes(alert), ...alert, lastChange: change });
    await this.copyChange(alert.id, change);
    return alert;
  }

  async find(id: string): Promise<AlertRecord | undefined> {
    const item = await readItem(this.config, keys.alert(id));
    return item ? toAlert(item) : undefined;
  }

  async get(id: string): Promise<AlertRecord> {
    const alert = await this.find(id);
    if (!alert) throw new NotFoundError(`alert ${id} does not exist`, { entity: 'alert', id });
    return alert;
  }

  /** One version-guarded change (ConflictError when the alert moved on, NotFoundError when it is not there). */
  async change(id: string, update: AlertUpdate): Promise<AlertRecord> {
    const { alert, change, expectedVersion } = update;
    if (alert.version !== expectedVersion + 1 || change.version !== alert.version) throw new RangeError('a change moves the version on by one');
    const before = await readItem(this.config, keys.alert(id));
    const { id: _id, version: _version, ...fields } = alert;
    const indexes = indexAttributes(alert);
    const item = await updateGuarded(this.config, subject(id), {
      expectedVersion,
      ...(update.from && { from: { attribute: 'status', values: update.from } }),
      set: { ...fields, ...indexes, lastChange: change },
      remove: INDEX_ATTRIBUTES.filter((name) => indexes[name] === undefined && before?.[name] !== undefined),
    });
    // The write succeeded at the version read, so `before` holds that version's entry.
    const previous = before?.lastChange as AlertChange | undefined;
    if (previous && before?.version === expectedVersion) await this.copyChange(id, previous);
    await this.copyChange(id, change);
    return toAlert(item);
  }

  /**
   * The execution a change named is running: the alert leaves the outbox. Only if that execution is
   * still the alert's current one (a later change named another, which is then in the outbox).
   */
  async markEffectStarted(id: string, execution: string, at: string): Promise<void> {
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.alert(id),
          UpdateExpression: 'SET #effect.#startedAt = :at REMOVE #gsi3pk, #gsi3sk',
          ConditionExpression: '#effect.#execution = :execution',
          ExpressionAttributeNames: { '#effect': 'effect', '#startedAt': 'startedAt', '#execution': 'execution', '#gsi3pk': 'gsi3pk', '#gsi3sk': 'gsi3sk' },
          ExpressionAttributeValues: { ':at': at, ':execution': execution },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /**
   * The alerts in force whose end is not before `at`, soonest to end first: what the routing policy
   * reads at filing, one Query of a sparse index (eventually consistent, as every GSI read).
   */
  listActive(at: string, page: PageRequest = {}): Promise<Page<AlertRecord>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.activeAlerts, sort: { atLeast: sortableTime(at) }, page, map: toAlert });
  }

  /** Every alert, newest first, narrowed by the filters. */
  list(filter: AlertFilter = {}, page: PageRequest = {}): Promise<Page<AlertRecord>> {
    const filters: Filter[] = [];
    if (filter.status !== undefined) filters.push({ attribute: 'status', equals: filter.status });
    if (filter.kind !== undefined) filters.push({ attribute: 'kind', equals: filter.kind });
    if (filter.country !== undefined) filters.push({ attribute: 'countries', contains: filter.country });
    if (filter.published !== undefined) filters.push({ attribute: 'published', equals: filter.published });
    if (filter.bureau !== undefined) filters.push({ attribute: 'bureau', equals: filter.bureau });
    return queryPage(this.config, { index: 'gsi2', partition: keys.allAlerts, filters, forward: false, page, map: toAlert });
  }

  /** Active alerts, soonest to end first, narrowed by the filters (GET /alerts?active=true). */
  listActiveFiltered(filter: Omit<AlertFilter, 'status' | 'published'>, page: PageRequest = {}): Promise<Page<AlertRecord>> {
    const filters: Filter[] = [];
    if (filter.kind !== undefined) filters.push({ attribute: 'kind', equals: filter.kind });
    if (filter.country !== undefined) filters.push({ attribute: 'countries', contains: filter.country });
    if (filter.bureau !== undefined) filters.push({ attribute: 'bureau', equals: filter.bureau });
    return queryPage(this.config, { index: 'gsi1', partition: keys.activeAlerts, filters, page, map: toAlert });
  }

  /** Alerts whose current execution was named before `before` and is not known to run (the outbox relay). */
  listUnstartedEffects(before: string, page: PageRequest = {}): Promise<Page<AlertRecord>> {
    return queryPage(this.config, { index: 'gsi3', partition: keys.unstartedAlertEffects, sort: { atMost: `${sortableTime(before)}#\uffff` }, page, map: toAlert });
  }

  /** Every change of the alert, oldest first: the publication, then one entry per version. */
  history(id: string): Promise<AlertChange[]> {
    return readChangeHistory(this.config, keys.alert(id), keys.alertChangePrefix, toChange);
  }

  /** Writes a history entry once; an entry already copied is left as it is (entries never change). */
  private copyChange(id: string, change: AlertChange): Promise<void> {
    return putOnce(this.config, { entity: 'AlertChange', ...change, ...keys.alertChange(id, change.version) });
  }
}
