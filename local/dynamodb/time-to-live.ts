import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { openJsonStore } from '../json-file.ts';
import { createTimerSet } from '../timer-set.ts';
import { call, isDynaliteError, validationError, type AttributeMap, type DynaliteResponse } from './dynalite-calls.ts';
import { tableNameOf } from './transactions.ts';
import type { WriteGate } from './write-gate.ts';

/**
 * UpdateTimeToLive / DescribeTimeToLive and the expiry of items, which dynalite lacks. The
 * settings live in `<DATA_DIR>/dynamodb/time-to-live.json`. Every SWEEP_INTERVAL_MS of local
 * (virtual) time, items whose TTL attribute is a Number of epoch seconds at or before now are
 * deleted, as AWS's background process does (AWS takes up to a few days; locally it is the next
 * sweep). As on AWS, a value that is not a Number, or more than five years in the past, never
 * expires the item; and the delete is conditional on the value still being the one that expired,
 * so an item refreshed meanwhile stays.
 */
// An hour of local time: AWS itself takes up to a few days, and at TIME_SCALE 3600 a sweep (a
// Scan of each TTL table) every virtual minute would run sixty times a second.
export const SWEEP_INTERVAL_MS = 3_600_000;
const FIVE_YEARS_S = 5 * 365 * 24 * 3600;

const settingsSchema = z.record(z.string(), z.object({ attributeName: z.string() }));
type Settings = z.infer<typeof settingsSchema>;

export interface TimeToLive {
  updateTimeToLive(request: Record<string, unknown>): Promise<DynaliteResponse>;
  describeTimeToLive(request: Record<string, unknown>): Promise<DynaliteResponse>;
  /** Deletes the expired items of every table with TTL enabled; returns how many. */
  expireItems(): Promise<number>;
  /** Stops sweeping, once the sweep in flight (if any) has finished. */
  close(): Promise<void>;
}

export function createTimeToLive(options: { store: unknown; gate: WriteGate; clock: Clock; file: string | undefined }): TimeToLive {
  const { store, gate, clock } = options;
  const persisted = openJsonStore<Settings>(options.file, settingsSchema, {});
  const settings: Settings = { ...persisted.loaded };
  const timers = createTimerSet(clock);

  const tableOf = async (request: Record<string, unknown>) => {
    const name = tableNameOf(request.TableName);
    // Answers ResourceNotFoundException as DynamoDB does for a missing table.
    await call(store, 'DescribeTable', { TableName: name });
    return String(name);
  };

  async function updateTimeToLive(request: Record<string, unknown>) {
    const specification = request.TimeToLiveSpecification as { AttributeName?: unknown; Enabled?: unknown } | undefined;
    if (!specification || typeof specification.AttributeName !== 'string' || typeof specification.Enabled !== 'boolean') {
      throw validationError("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
    }
    if (specification.AttributeName.length < 1 || specification.AttributeName.length > 255) {
      throw validationError("1 validation error detected: Value at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length between 1 and 255");
    }
    const table = await tableOf(request);
    const current = settings[table];
    if (specification.Enabled) {
      if (current) throw validationError('TimeToLive is already enabled');
      settings[table] = { attributeName: specification.AttributeName };
    } else {
      if (!current) throw validationError('TimeToLive is already disabled');
      if (current.attributeName !== specification.AttributeName) throw validationError(`The attribute name ${specification.AttributeName} does not match the TimeToLive attribute ${current.attributeName}`);
      delete settings[table];
    }
    persisted.save(settings);
    return { TimeToLiveSpecification: { AttributeName: specification.AttributeName, Enabled: specification.Enabled } };
  }

  async function describeTimeToLive(request: Record<string, unknown>) {
    const table = await tableOf(request);
    const current = settings[table];
    return { TimeToLiveDescription: current ? { TimeToLiveStatus: 'ENABLED', AttributeName: current.attributeName } : { TimeToLiveStatus: 'DISABLED' } };
  }

  async function expireTable(table: string, attribute: string, nowSeconds: number): Promise<number> {
    let deleted = 0;
    let startKey: AttributeMap | undefined;
    const schema = ((await call(store, 'DescribeTable', { TableName: table })).Table as { KeySchema: Array<{ AttributeName: string }> }).KeySchema;
    do {
      const page = await call(store, 'Scan', { TableName: table, ...(startKey && { ExclusiveStartKey: startKey }) });
      for (const item of (page.Items ?? []) as AttributeMap[]) {
        const raw = item[attribute]?.N;
        const expiry = typeof raw === 'string' ? Number(raw) : Number.NaN;
        if (!Number.isFinite(expiry) || expiry > nowSeconds || expiry < nowSeconds - FIVE_YEARS_S) continue;
        const key = Object.fromEntries(schema.map((k) => [k.AttributeName, item[k.AttributeName]!]));
        const release = await gate.shared();
        try {
          await call(store, 'DeleteItem', {
            TableName: table,
            Key: key,
            ConditionExpression: '#ttl = :expired',
            ExpressionAttributeNames: { '#ttl': attribute },
            ExpressionAttributeValues: { ':expired': { N: raw } },
          });
          deleted += 1;
        } catch (error) {
          if (!(error instanceof Error && /conditional request failed/.test(error.message))) throw error;
        } finally {
          release();
        }
      }
      startKey = page.LastEvaluatedKey as AttributeMap | undefined;
    } while (startKey);
    return deleted;
  }

  async function expireItems(): Promise<number> {
    const nowSeconds = clock.now() / 1000;
    let deleted = 0;
    for (const [table, { attributeName }] of Object.entries(settings)) {
      try {
        deleted += await expireTable(table, attributeName, nowSeconds);
      } catch (error) {
        // A table deleted since TTL was enabled loses its setting, as on AWS.
        if (isDynaliteError(error) && error.body.__type.endsWith('#ResourceNotFoundException')) {
          delete settings[table];
          persisted.save(settings);
        } else throw error;
      }
    }
    return deleted;
  }

  // close() waits for a sweep in flight: a Scan that outlives the store fails inside dynalite
  // (an uncaught "Database is not open"), where no caller could catch it.
  let sweep: Promise<void> | undefined;
  let closed = false;
  const schedule = () =>
    timers.at(clock.now() + SWEEP_INTERVAL_MS, () => {
      if (closed || sweep) return;
      sweep = expireItems()
        .then(() => undefined, () => undefined)
        .finally(() => {
          sweep = undefined;
          if (!closed) schedule();
        });
    });
  schedule();

  return {
    updateTimeToLive,
    describeTimeToLive,
    expireItems,
    close: async () => {
      closed = true;
      timers.clear();
      await sweep;
    },
  };
}
