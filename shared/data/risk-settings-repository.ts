import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RiskSettingsChange, RiskSettingsRecord } from '../domain/risk/risk-settings.ts';
import { readChangeHistory } from './change-history.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { ConflictError, isConditionalCheckFailed } from './errors.ts';
import { withoutKeys } from './items.ts';
import { putOnce } from './keyed-items.ts';
import { keys } from './keys.ts';

/**
 * HQ's risk-grade thresholds: one item, absent until HQ first changes the defaults (version 0).
 * A change is one PutItem guarded by the version read (`attribute_not_exists(pk)` from version 0)
 * that also stores the change's history entry on the item (`lastChange`); the entry is then
 * copied to `CHANGE#<version>`. A crash between the two loses nothing: the next change copies the
 * entry it replaces, and `history` adds one still only on the item (as for recognised bodies).
 */
export class RiskSettingsRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async find(): Promise<(RiskSettingsRecord & { lastChange?: RiskSettingsChange }) | undefined> {
    const { Item } = await this.config.client.send(new GetCommand({ TableName: this.config.tableName, Key: keys.riskSettings(), ConsistentRead: true }));
    return Item ? (withoutKeys(Item) as unknown as RiskSettingsRecord & { lastChange?: RiskSettingsChange }) : undefined;
  }

  /** From `expectedVersion` to `record.version` (one more); ConflictError when it moved on. */
  async change(expectedVersion: number, record: RiskSettingsRecord, change: RiskSettingsChange): Promise<RiskSettingsRecord> {
    if (record.version !== expectedVersion + 1 || change.version !== record.version) throw new RangeError('a change moves the version on by one');
    const before = expectedVersion === 0 ? undefined : await this.find();
    try {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: { ...keys.riskSettings(), entity: 'RiskSettings', ...record, lastChange: change },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion !== 0 && { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.find();
      throw new ConflictError(`the risk settings are at version ${current?.version ?? 0}, not ${expectedVersion}`, {
        entity: 'risk settings',
        id: 'risk-settings',
        expectedVersion,
        actualVersion: current?.version ?? 0,
      });
    }
    // The write landed at the version read, so `before` holds that version's entry.
    if (before?.lastChange && before.version === expectedVersion) await this.copyChange(before.lastChange);
    await this.copyChange(change);
    return record;
  }

  /** Every change, oldest first. */
  history(): Promise<RiskSettingsChange[]> {
    return readChangeHistory(this.config, keys.riskSettings(), keys.riskSettingsChangePrefix, (item) => withoutKeys(item) as unknown as RiskSettingsChange);
  }

  private copyChange(change: RiskSettingsChange): Promise<void> {
    return putOnce(this.config, { entity: 'RiskSettingsChange', ...change, ...keys.riskSettingsChange(change.version) });
  }
}
