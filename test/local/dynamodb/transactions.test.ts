import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startAwsEndpoint, type AwsEndpoint } from '#local/aws-endpoint.ts';
import type { Clock } from '#local/clock.ts';
import { createDynamoDbService, type DynamoDbService } from '#local/dynamodb/dynalite-service.ts';
import { SWEEP_INTERVAL_MS } from '#local/dynamodb/time-to-live.ts';

/**
 * TransactWriteItems / TransactGetItems / UpdateTimeToLive in front of dynalite, through the real
 * SDK. Expected texts and shapes: the DynamoDB API reference and LocalStack's AWS-recorded snapshot
 * tests/aws/services/dynamodb/test_dynamodb.snapshot.json (test_transaction_write_canceled:
 * "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]").
 */

/** A clock moved by hand: timers fire when `advance` passes them. */
function manualClock(start: number) {
  let now = start;
  const timers: Array<{ at: number; fire: () => void }> = [];
  const clock: Clock = {
    scale: 1,
    now: () => now,
    realDelayUntil: (at) => Math.max(0, at - now),
    at(at, fire) {
      const timer = { at, fire };
      timers.push(timer);
      return () => void timers.splice(timers.indexOf(timer), 1);
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fire();
      }
    },
  };
}

const T0 = Date.UTC(2026, 0, 1);
let service: DynamoDbService | undefined;
let endpoint: AwsEndpoint | undefined;
let client: DynamoDBClient | undefined;

afterEach(async () => {
  client?.destroy();
  await endpoint?.close();
  await service?.close();
  service = endpoint = client = undefined;
});

async function start(clock: Clock = manualClock(T0).clock) {
  service = await createDynamoDbService({ clock });
  endpoint = await startAwsEndpoint({ port: 0, services: [service] });
  client = new DynamoDBClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  for (const TableName of ['Accounts', 'Ledger']) {
    await client.send(
      new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }),
    );
  }
  return client;
}

const balance = async (db: DynamoDBClient, id: string) => (await db.send(new GetItemCommand({ TableName: 'Accounts', Key: { id: { S: id } } }))).Item?.balance?.N;

const transfer = (amount: number): TransactWriteItem[] => [
  {
    Update: {
      TableName: 'Accounts',
      Key: { id: { S: 'a' } },
      UpdateExpression: 'SET balance = balance - :n',
      ConditionExpression: 'balance >= :n',
      ExpressionAttributeValues: { ':n': { N: String(amount) } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  },
  { Update: { TableName: 'Accounts', Key: { id: { S: 'b' } }, UpdateExpression: 'SET balance = balance + :n', ExpressionAttributeValues: { ':n': { N: String(amount) } } } },
];

describe('TransactWriteItems', () => {
  it('applies Put, Update, Delete and ConditionCheck across tables together, tables named by name or ARN', async () => {
    const db = await start();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'a' }, balance: { N: '10' } } }));
    await db.send(new PutItemCommand({ TableName: 'Ledger', Item: { id: { S: 'old' } } }));
    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { ConditionCheck: { TableName: 'Accounts', Key: { id: { S: 'a' } }, ConditionExpression: 'attribute_exists(id)' } },
          { Put: { TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/Accounts', Item: { id: { S: 'b' }, balance: { N: '0' } }, ConditionExpression: 'attribute_not_exists(id)' } },
          { Delete: { TableName: 'Ledger', Key: { id: { S: 'old' } } } },
          { Put: { TableName: 'Ledger', Item: { id: { S: 'entry-1' } } } },
        ],
      }),
    );
    expect(await balance(db, 'b')).toBe('0');
    expect((await db.send(new GetItemCommand({ TableName: 'Ledger', Key: { id: { S: 'old' } } }))).Item).toBeUndefined();
    const read = await db.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: 'Ledger', Key: { id: { S: 'entry-1' } } } },
          { Get: { TableName: 'Ledger', Key: { id: { S: 'missing' } } } },
          { Get: { TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/Accounts', Key: { id: { S: 'a' } }, ProjectionExpression: 'balance' } },
        ],
      }),
    );
    expect(read.Responses).toEqual([{ Item: { id: { S: 'entry-1' } } }, {}, { Item: { balance: { N: '10' } } }]);
  });

  it('cancels with a reason per item (ConditionalCheckFailed with the old item on ALL_OLD, None) and writes nothing', async () => {
    const db = await start();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'a' }, balance: { N: '5' } } }));
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'b' }, balance: { N: '0' } } }));
    const failure = await db.send(new TransactWriteItemsCommand({ TransactItems: transfer(7) })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TransactionCanceledException);
    const cancelled = failure as TransactionCanceledException;
    expect(cancelled.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]');
    expect(cancelled.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { S: 'a' }, balance: { N: '5' } } },
      { Code: 'None' },
    ]);
    expect([await balance(db, 'a'), await balance(db, 'b')]).toEqual(['5', '0']);
  });

  it('puts back what it applied when a later write fails (ValidationError reason)', async () => {
    const db = await start();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'a' }, balance: { N: '5' } } }));
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'b' }, balance: { S: 'not a number' } } }));
    const failure = (await db.send(new TransactWriteItemsCommand({ TransactItems: transfer(1) })).catch((e: unknown) => e)) as TransactionCanceledException;
    expect(failure.name).toBe('TransactionCanceledException');
    expect(failure.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ValidationError']);
    expect(failure.CancellationReasons?.[1]?.Message).toMatch(/incorrect data type/);
    expect(await balance(db, 'a')).toBe('5');
  });

  it('refuses two actions on one item, more than 100 actions, and an unknown shape, as ValidationException', async () => {
    const db = await start();
    const two = db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'Accounts', Item: { id: { S: 'a' } } } },
          { Delete: { TableName: 'Accounts', Key: { id: { S: 'a' } } } },
        ],
      }),
    );
    await expect(two).rejects.toMatchObject({ name: 'ValidationException', message: 'Transaction request cannot include multiple operations on one item' });
    const many = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: 'Accounts', Item: { id: { S: `i${i}` } } } }));
    await expect(db.send(new TransactWriteItemsCommand({ TransactItems: many }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('less than or equal to 100') });
    await expect(db.send(new TransactWriteItemsCommand({ TransactItems: [{}] }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await balance(db, 'a')).toBeUndefined();
  });

  it('is idempotent per ClientRequestToken for 10 minutes and refuses the token with other parameters', async () => {
    const time = manualClock(T0);
    const db = await start(time.clock);
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'a' }, balance: { N: '10' } } }));
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'b' }, balance: { N: '0' } } }));
    await db.send(new TransactWriteItemsCommand({ TransactItems: transfer(3), ClientRequestToken: 'tok-1' }));
    await db.send(new TransactWriteItemsCommand({ TransactItems: transfer(3), ClientRequestToken: 'tok-1' }));
    expect([await balance(db, 'a'), await balance(db, 'b')]).toEqual(['7', '3']);
    await expect(db.send(new TransactWriteItemsCommand({ TransactItems: transfer(4), ClientRequestToken: 'tok-1' }))).rejects.toMatchObject({ name: 'IdempotentParameterMismatchException' });
    time.advance(10 * 60_000);
    await db.send(new TransactWriteItemsCommand({ TransactItems: transfer(3), ClientRequestToken: 'tok-1' }));
    expect([await balance(db, 'a'), await balance(db, 'b')]).toEqual(['4', '6']);
  });

  it('is atomic against concurrent writers: 40 racing transfers never lose or create money', async () => {
    const db = await start();
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'a' }, balance: { N: '25' } } }));
    await db.send(new PutItemCommand({ TableName: 'Accounts', Item: { id: { S: 'b' }, balance: { N: '0' } } }));
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 40 }, () => db.send(new TransactWriteItemsCommand({ TransactItems: transfer(1) }))),
      // Plain writers in between touch another attribute of the same items.
      ...Array.from({ length: 10 }, (_, i) => db.send(new UpdateItemCommand({ TableName: 'Accounts', Key: { id: { S: i % 2 ? 'a' : 'b' } }, UpdateExpression: 'ADD touched :one', ExpressionAttributeValues: { ':one': { N: '1' } } }))),
    ]);
    const committed = outcomes.slice(0, 40).filter((o) => o.status === 'fulfilled').length;
    expect(committed).toBe(25);
    expect([await balance(db, 'a'), await balance(db, 'b')]).toEqual(['0', '25']);
    expect(outcomes.slice(40).every((o) => o.status === 'fulfilled')).toBe(true);
  });
});

describe('time to live', () => {
  it('UpdateTimeToLive / DescribeTimeToLive answer as AWS, and items expire on the local clock', async () => {
    const time = manualClock(T0);
    const db = await start(time.clock);
    expect((await db.send(new DescribeTimeToLiveCommand({ TableName: 'Ledger' }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    const enabled = await db.send(new UpdateTimeToLiveCommand({ TableName: 'Ledger', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
    expect(enabled.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    await expect(db.send(new UpdateTimeToLiveCommand({ TableName: 'Ledger', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }))).rejects.toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
    await expect(db.send(new DescribeTimeToLiveCommand({ TableName: 'Nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await db.send(new DescribeTimeToLiveCommand({ TableName: 'Ledger' }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });

    const seconds = T0 / 1000;
    const items = { soon: String(seconds + 30), later: String(seconds + SWEEP_INTERVAL_MS / 1000 + 60), ancient: String(seconds - 6 * 365 * 86400) };
    for (const [id, ttl] of Object.entries(items)) await db.send(new PutItemCommand({ TableName: 'Ledger', Item: { id: { S: id }, ttl: { N: ttl } } }));
    await db.send(new PutItemCommand({ TableName: 'Ledger', Item: { id: { S: 'text' }, ttl: { S: String(seconds) } } }));

    const present = async () => {
      const ids = [];
      for (const id of ['soon', 'later', 'ancient', 'text']) if ((await db.send(new GetItemCommand({ TableName: 'Ledger', Key: { id: { S: id } } }))).Item) ids.push(id);
      return ids;
    };
    expect(await service!.expireItems()).toBe(0);
    time.advance(SWEEP_INTERVAL_MS); // the sweep timer fires on the local clock
    await expect.poll(present).toEqual(['later', 'ancient', 'text']);
    time.advance(SWEEP_INTERVAL_MS); // the next sweep
    // AWS never expires a non-Number attribute or one more than five years old.
    await expect.poll(present).toEqual(['ancient', 'text']);
    expect(await service!.expireItems()).toBe(0);
  });

  it('names an operation it does not support', async () => {
    const db = await start();
    const raw = await fetch(endpoint!.url, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ExecuteStatement', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ __type: 'com.amazon.coral.service#UnknownOperationException', message: 'The local DynamoDB does not support the operation ExecuteStatement' });
    db.destroy();
  });
});
