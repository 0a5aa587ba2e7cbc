import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/certificates/canonical-json.ts';
import type { Clock } from '../clock.ts';
import {
  awsError,
  call,
  conditionHolds,
  isDynaliteError,
  run,
  validated,
  validationError,
  type AttributeMap,
  type DynaliteRequest,
  type DynaliteResponse,
} from './dynalite-calls.ts';
import type { WriteGate } from './write-gate.ts';

/**
 * TransactWriteItems and TransactGetItems in front of dynalite, which has neither. A write
 * transaction holds the write gate exclusively: it reads every item it names, checks every
 * condition (so each failing one is reported, as AWS does), and only when all hold applies the
 * writes through dynalite's own actions; if one of them fails, the ones applied are put back.
 * Texts and shapes follow the DynamoDB API reference and AWS-recorded LocalStack snapshots
 * (tests/aws/services/dynamodb/test_dynamodb.snapshot.json, test_transaction_write_canceled).
 */

const MAX_TRANSACTION_ITEMS = 100;
/** How long a ClientRequestToken makes a repeated TransactWriteItems a no-op (API reference: 10 minutes). */
export const CLIENT_REQUEST_TOKEN_WINDOW_MS = 10 * 60_000;

const DYNAMO = 'com.amazonaws.dynamodb.v20120810';

type Json = Record<string, unknown>;

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: AttributeMap;
}

/** A write action checked and parsed, with the item it names. */
interface PlannedWrite {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  table: string;
  key: AttributeMap;
  /** The request in dynalite's parsed form, condition included. */
  data: DynaliteRequest;
  returnOldOnFailure: boolean;
}

/** `arn:aws:dynamodb:<region>:<account>:table/<name>` or a plain name, as AWS accepts both. */
export function tableNameOf(nameOrArn: unknown): unknown {
  if (typeof nameOrArn !== 'string') return nameOrArn;
  const match = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)$/.exec(nameOrArn);
  return match ? match[1] : nameOrArn;
}

const asObject = (value: unknown): Json | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);

function transactionItems(request: Json, limit: number): Json[] {
  const items = request.TransactItems;
  if (!Array.isArray(items)) throw validationError("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
  if (items.length < 1) throw validationError("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
  if (items.length > limit) {
    throw validationError(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${limit}`);
  }
  return items.map((item) => asObject(item) ?? {});
}

async function keySchemaOf(store: unknown, table: string, cache: Map<string, string[]>): Promise<string[]> {
  let names = cache.get(table);
  if (!names) {
    const described = await call(store, 'DescribeTable', { TableName: table });
    const schema = (asObject(described.Table)?.KeySchema ?? []) as Array<{ AttributeName: string }>;
    names = schema.map((k) => k.AttributeName);
    cache.set(table, names);
  }
  return names;
}

const keyOf = (item: AttributeMap, names: string[]): AttributeMap => Object.fromEntries(names.filter((n) => n in item).map((n) => [n, item[n]!]));
const itemIdentity = (table: string, key: AttributeMap) => `${table}\u0000${JSON.stringify(Object.keys(key).sort().map((k) => [k, key[k]]))}`;

function expressionParts(action: Json): DynaliteRequest {
  const parts: DynaliteRequest = {};
  for (const name of ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'] as const) {
    if (action[name] !== undefined) parts[name] = action[name];
  }
  return parts;
}

async function plan(store: unknown, entry: Json, schemas: Map<string, string[]>): Promise<PlannedWrite> {
  const kinds = (['ConditionCheck', 'Put', 'Delete', 'Update'] as const).filter((k) => entry[k] !== undefined);
  if (kinds.length !== 1) throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
  const kind = kinds[0]!;
  const action = asObject(entry[kind]) ?? {};
  const table = tableNameOf(action.TableName);
  const returnOldOnFailure = action.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  let data: DynaliteRequest;
  switch (kind) {
    case 'Put':
      data = validated(store, 'PutItem', { TableName: table, Item: action.Item, ...expressionParts(action) });
      break;
    case 'Update':
      data = validated(store, 'UpdateItem', { TableName: table, Key: action.Key, UpdateExpression: action.UpdateExpression, ...expressionParts(action) });
      break;
    case 'Delete':
      data = validated(store, 'DeleteItem', { TableName: table, Key: action.Key, ...expressionParts(action) });
      break;
    case 'ConditionCheck':
      if (typeof action.ConditionExpression !== 'string') {
        throw validationError("1 validation error detected: Value null at 'transactItems.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
      }
      // Parsed like a conditional DeleteItem; it is never run.
      data = validated(store, 'DeleteItem', { TableName: table, Key: action.Key, ...expressionParts(action) });
      break;
  }
  const tableName = String(data.TableName);
  const names = await keySchemaOf(store, tableName, schemas);
  const key = keyOf((kind === 'Put' ? data.Item : data.Key) as AttributeMap, names);
  return { kind, table: tableName, key, data, returnOldOnFailure };
}

async function currentItem(store: unknown, table: string, key: AttributeMap): Promise<AttributeMap | undefined> {
  const result = await call(store, 'GetItem', { TableName: table, Key: key, ConsistentRead: true });
  return result.Item as AttributeMap | undefined;
}

function withoutCondition(data: DynaliteRequest): DynaliteRequest {
  const { _condition: _c, Expected: _e, ConditionExpression: _x, ConditionalOperator: _o, ...rest } = data;
  return rest;
}

function cancelled(reasons: CancellationReason[]) {
  const error = awsError(400, `${DYNAMO}#TransactionCanceledException`, `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`);
  (error.body as Json).CancellationReasons = reasons;
  return error;
}

export interface Transactions {
  transactWriteItems(request: Json): Promise<DynaliteResponse>;
  transactGetItems(request: Json): Promise<DynaliteResponse>;
}

export function createTransactions(options: { store: unknown; gate: WriteGate; clock: Pick<Clock, 'now'> }): Transactions {
  const { store, gate, clock } = options;
  /** Successful requests by ClientRequestToken: what they asked and when. */
  const tokens = new Map<string, { fingerprint: string; at: number }>();

  function replayed(request: Json): boolean {
    const token = request.ClientRequestToken;
    if (typeof token !== 'string') return false;
    const now = clock.now();
    for (const [t, seen] of tokens) if (now - seen.at >= CLIENT_REQUEST_TOKEN_WINDOW_MS) tokens.delete(t);
    const seen = tokens.get(token);
    if (!seen) return false;
    if (seen.fingerprint !== fingerprintOf(request)) {
      throw awsError(400, `${DYNAMO}#IdempotentParameterMismatchException`, 'Request parameters do not match the previous request with the same ClientRequestToken');
    }
    return true;
  }
  const fingerprintOf = (request: Json) => createHash('sha256').update(canonicalJson({ ...request, ClientRequestToken: undefined, ReturnConsumedCapacity: undefined })).digest('hex');

  async function transactWriteItems(request: Json): Promise<DynaliteResponse> {
    const entries = transactionItems(request, MAX_TRANSACTION_ITEMS);
    const schemas = new Map<string, string[]>();
    const writes: PlannedWrite[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      const write = await plan(store, entry, schemas);
      const identity = itemIdentity(write.table, write.key);
      if (seen.has(identity)) throw validationError('Transaction request cannot include multiple operations on one item');
      seen.add(identity);
      writes.push(write);
    }

    const release = await gate.exclusive();
    try {
      if (replayed(request)) return {};
      const before = await Promise.all(writes.map((w) => currentItem(store, w.table, w.key)));
      const reasons: CancellationReason[] = writes.map((w, i) =>
        conditionHolds(w.data, before[i])
          ? { Code: 'None' }
          : { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(w.returnOldOnFailure && before[i] ? { Item: before[i] } : {}) },
      );
      if (reasons.some((r) => r.Code !== 'None')) throw cancelled(reasons);

      const applied: number[] = [];
      for (const [i, write] of writes.entries()) {
        if (write.kind === 'ConditionCheck') continue;
        const operation = write.kind === 'Put' ? 'PutItem' : write.kind === 'Update' ? 'UpdateItem' : 'DeleteItem';
        try {
          await run(store, operation, withoutCondition(write.data));
          applied.push(i);
        } catch (error) {
          if (!isDynaliteError(error)) throw error;
          await restore(applied.map((j) => ({ write: writes[j]!, item: before[j] })));
          throw cancelled(writes.map((_, j) => (j === i ? { Code: 'ValidationError', Message: error.body.message ?? error.message } : { Code: 'None' })));
        }
      }
      if (typeof request.ClientRequestToken === 'string') tokens.set(request.ClientRequestToken, { fingerprint: fingerprintOf(request), at: clock.now() });
      return {};
    } finally {
      release();
    }
  }

  /** Puts back the items a failed transaction had already written. */
  async function restore(done: Array<{ write: PlannedWrite; item: AttributeMap | undefined }>) {
    for (const { write, item } of done.reverse()) {
      if (item) await call(store, 'PutItem', { TableName: write.table, Item: item });
      else await call(store, 'DeleteItem', { TableName: write.table, Key: write.key });
    }
  }

  async function transactGetItems(request: Json): Promise<DynaliteResponse> {
    const entries = transactionItems(request, MAX_TRANSACTION_ITEMS);
    const schemas = new Map<string, string[]>();
    const gets: DynaliteRequest[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      const get = asObject(entry.Get);
      if (!get || Object.keys(entry).length !== 1) throw validationError('TransactItems can only contain one Get');
      const data = validated(store, 'GetItem', {
        TableName: tableNameOf(get.TableName),
        Key: get.Key,
        ConsistentRead: true,
        ...(get.ProjectionExpression !== undefined && { ProjectionExpression: get.ProjectionExpression }),
        ...(get.ExpressionAttributeNames !== undefined && { ExpressionAttributeNames: get.ExpressionAttributeNames }),
      });
      const table = String(data.TableName);
      const identity = itemIdentity(table, keyOf(data.Key as AttributeMap, await keySchemaOf(store, table, schemas)));
      if (seen.has(identity)) throw validationError('Transaction request cannot include multiple operations on one item');
      seen.add(identity);
      gets.push(data);
    }
    // Shared: no write transaction is half-applied while the items are read.
    const release = await gate.shared();
    try {
      const results = await Promise.all(gets.map((data) => run(store, 'GetItem', data)));
      return { Responses: results.map((r) => (r.Item ? { Item: r.Item } : {})) };
    } finally {
      release();
    }
  }

  return { transactWriteItems, transactGetItems };
}
