import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DataConfig } from './config.ts';
import { AlreadyExistsError, ConflictError, NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { setClauses } from './items.ts';

type Key = { pk: string; sk: string };

export interface Subject {
  /** For messages and error details: `train`, `task`, ... */
  entity: string;
  id: string;
  key: Key;
}

export async function readItem(config: DataConfig, key: Key): Promise<Record<string, unknown> | undefined> {
  const { Item } = await config.client.send(new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: true }));
  return Item;
}

/** Creates an item only if its key is free; a taken key is an AlreadyExistsError. */
export async function putNew(config: DataConfig, subject: Subject, item: Record<string, unknown>): Promise<void> {
  try {
    await config.client.send(
      new PutCommand({ TableName: config.tableName, Item: { ...item, ...subject.key }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    throw new AlreadyExistsError(`${subject.entity} ${subject.id} already exists`, { entity: subject.entity, id: subject.id });
  }
}

export interface GuardedUpdate {
  /** Optimistic lock: applies only at this version and moves the item to the next one. */
  expectedVersion?: number;
  /** State guard: applies only while `attribute` holds one of `values`. */
  from?: { attribute: string; values: readonly string[] };
  set: Record<string, unknown>;
  remove?: readonly string[];
}

/** The UpdateItem of a guarded update (key, expressions and guard), alone or in a transaction. */
export function guardedUpdateInput(config: DataConfig, subject: Subject, update: GuardedUpdate) {
  const set = { ...update.set };
  const guard = ['attribute_exists(pk)'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (update.expectedVersion !== undefined) {
    guard.push('#version = :expectedVersion');
    names['#version'] = 'version';
    values[':expectedVersion'] = update.expectedVersion;
    set.version = update.expectedVersion + 1;
  }
  if (update.from) {
    names['#from'] = update.from.attribute;
    update.from.values.forEach((v, i) => (values[`:from${i}`] = v));
    guard.push(`#from IN (${update.from.values.map((_, i) => `:from${i}`).join(', ')})`);
  }
  const clauses = setClauses(set, 's');
  if (update.expectedVersion === undefined) {
    // Every change moves the version on, so a reader holding the old one notices.
    names['#version'] = 'version';
    values[':one'] = 1;
    values[':zero'] = 0;
    clauses.clauses.push('#version = if_not_exists(#version, :zero) + :one');
  }
  let expression = clauses.clauses.length > 0 ? `SET ${clauses.clauses.join(', ')}` : '';
  if (update.remove && update.remove.length > 0) {
    update.remove.forEach((name, i) => (names[`#r${i}`] = name));
    expression += ` REMOVE ${update.remove.map((_, i) => `#r${i}`).join(', ')}`;
  }
  return {
    TableName: config.tableName,
    Key: subject.key,
    UpdateExpression: expression.trim(),
    ConditionExpression: guard.join(' AND '),
    ExpressionAttributeNames: { ...names, ...clauses.names },
    ExpressionAttributeValues: { ...values, ...clauses.values },
  };
}

/**
 * One conditional UpdateItem on an existing item, returning the new item. When the guard fails
 * the item is re-read to tell a missing item (NotFoundError) from a lost race (ConflictError).
 */
export async function updateGuarded(config: DataConfig, subject: Subject, update: GuardedUpdate): Promise<Record<string, unknown>> {
  try {
    const { Attributes } = await config.client.send(new UpdateCommand({ ...guardedUpdateInput(config, subject, update), ReturnValues: 'ALL_NEW' }));
    return Attributes ?? {};
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    throw await guardRefused(config, subject, update);
  }
}

/** Why a guarded update was refused, read after the fact: NotFoundError or ConflictError. */
export async function guardRefused(config: DataConfig, subject: Subject, update: GuardedUpdate): Promise<NotFoundError | ConflictError> {
  const current = await readItem(config, subject.key);
  if (!current) return new NotFoundError(`${subject.entity} ${subject.id} does not exist`, { entity: subject.entity, id: subject.id });
  const expected = [
    update.expectedVersion !== undefined ? `version ${update.expectedVersion}` : undefined,
    update.from ? `${update.from.attribute} ${update.from.values.join(' or ')}` : undefined,
  ].filter(Boolean);
  const actual = update.from ? ` (${update.from.attribute} is ${String(current[update.from.attribute])})` : '';
  return new ConflictError(`${subject.entity} ${subject.id} changed: expected ${expected.join(' and ')}, found version ${String(current.version)}${actual}`, {
    entity: subject.entity,
    id: subject.id,
    expectedVersion: update.expectedVersion,
    actualVersion: current.version,
    ...(update.from && { actualState: current[update.from.attribute] }),
  });
}
