import { BatchGetCommand, BatchWriteCommand, PutCommand, TransactWriteCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { DataConfig } from './config.ts';
import { AlreadyExistsError, IdempotencyKeyReusedError, isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem, type Subject } from './guarded-write.ts';
import { retryOnConflict } from './retry-on-conflict.ts';
import { cancellationCodes, cancelledByConflict, MAX_TRANSACTION_ITEMS, TRANSACTION_CONFLICT_ATTEMPTS } from './transactions.ts';

/**
 * Items made by a keyed request (an `Idempotency-Key`), whose id the caller and the key decide:
 * the item keeps the key and a fingerprint of the request (`requestKey`, never part of what the
 * API shows), so the same key and request find the item however late they come back, and the same
 * key with another request is refused before anything is written.
 */
export interface RequestKey {
  idempotencyKey?: string;
  fingerprint?: string;
}

/** The attribute that holds the key; data-layer only (strip it with `withoutKeys(item, [REQUEST_KEY])`). */
export const REQUEST_KEY = 'requestKey';

const keyAttribute = (keyed: RequestKey) => (keyed.idempotencyKey === undefined ? {} : { [REQUEST_KEY]: { key: keyed.idempotencyKey, fingerprint: keyed.fingerprint ?? '' } });

/**
 * The item a keyed request made before, if the item under `subject` is one: undefined when there
 * is none or it was made without this key; an IdempotencyKeyReusedError when the key came with
 * another request.
 */
export async function findKeyed(config: DataConfig, subject: Subject, keyed: RequestKey): Promise<Record<string, unknown> | undefined> {
  const item = await readItem(config, subject.key);
  const stored = item?.[REQUEST_KEY] as { key: string; fingerprint: string } | undefined;
  if (!item || keyed.idempotencyKey === undefined || stored?.key !== keyed.idempotencyKey) return undefined;
  if (stored.fingerprint !== (keyed.fingerprint ?? '')) {
    throw new IdempotencyKeyReusedError(`Idempotency-Key ${keyed.idempotencyKey} made ${subject.entity} ${subject.id} with another request`, { entity: subject.entity, id: subject.id });
  }
  return item;
}

/** Creates the item once; a keyed retry that finds it made by the same request gets it back. */
export async function createKeyed(config: DataConfig, subject: Subject, item: Record<string, unknown>, keyed: RequestKey): Promise<Record<string, unknown>> {
  const stored = { ...item, ...keyAttribute(keyed) };
  try {
    await putNew(config, subject, stored);
    return stored;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const replay = await findKeyed(config, subject, keyed);
    if (replay) return replay;
    throw error;
  }
}

/** Writes an entry that never changes once written: a retry that finds it there leaves it. */
export async function putOnce(config: DataConfig, item: Record<string, unknown> & { pk: string; sk: string }): Promise<void> {
  try {
    await config.client.send(new PutCommand({ TableName: config.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 5;

/** The items with these keys that exist, consistent, in no particular order. */
export async function readMany(config: DataConfig, itemKeys: ReadonlyArray<{ pk: string; sk: string }>): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_KEYS) {
    let pending: Array<Record<string, unknown>> = itemKeys.slice(start, start + BATCH_GET_KEYS).map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > BATCH_GET_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} items unread after ${BATCH_GET_ATTEMPTS} attempts`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
      const output: BatchGetCommandOutput = await config.client.send(new BatchGetCommand({ RequestItems: { [config.tableName]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...(output.Responses?.[config.tableName] ?? []));
      pending = output.UnprocessedKeys?.[config.tableName]?.Keys ?? [];
    }
  }
  return found;
}

/** BatchWriteItem writes at most 25 items per call. */
const BATCH_WRITE_ITEMS = 25;

/**
 * Puts the items (each with its key), replacing what they held: BatchWriteItem, 25 at a time,
 * unprocessed items retried with backoff up to `attempts` times. `what` names them in the error.
 */
export async function writeMany(config: DataConfig, items: ReadonlyArray<Record<string, unknown>>, what: string, attempts = BATCH_GET_ATTEMPTS): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_WRITE_ITEMS) {
    let pending: Array<Record<string, unknown>> = items.slice(start, start + BATCH_WRITE_ITEMS).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > attempts) throw new Error(`BatchWriteItem left ${pending.length} ${what} unwritten after ${attempts} attempts`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
      const output = await config.client.send(new BatchWriteCommand({ RequestItems: { [config.tableName]: pending } }));
      pending = (output.UnprocessedItems?.[config.tableName] ?? []) as Array<Record<string, unknown>>;
    }
  }
}


/**
 * Unconditional puts of items whose content follows from their key's subject alone, in
 * TransactWriteItems calls of up to 100: one service call where item puts would make a hundred,
 * with the PutItem grant writers already have (BatchWriteItem's would also allow deletes). A
 * `TransactionConflict` (another call writing one of the items: a retried request) is tried again.
 */
export async function putAll(config: DataConfig, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const chunks: Array<ReadonlyArray<Record<string, unknown>>> = [];
  for (let start = 0; start < items.length; start += MAX_TRANSACTION_ITEMS) chunks.push(items.slice(start, start + MAX_TRANSACTION_ITEMS));
  await Promise.all(
    chunks.map(async (chunk) => {
      const command = new TransactWriteCommand({ TransactItems: chunk.map((Item) => ({ Put: { TableName: config.tableName, Item } })) });
      await retryOnConflict(() => config.client.send(command), TRANSACTION_CONFLICT_ATTEMPTS, cancelledByConflict);
    }),
  );
}

/**
 * Creates all the items or none, in one TransactWriteItems (each on `attribute_not_exists(pk)`):
 * true when they were created, false when one existed already or another writer held one
 * (`TransactionConflict`), for the caller's item-by-item path to judge. At most MAX_TRANSACTION_ITEMS.
 */
export async function createAllOrNone(config: DataConfig, items: ReadonlyArray<Record<string, unknown>>): Promise<boolean> {
  try {
    await config.client.send(
      new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: config.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } })) }),
    );
    return true;
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) return false;
    throw error;
  }
}
