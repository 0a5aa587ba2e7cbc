import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type AttributeValue,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { KeySchema, Manifest, TableSpec } from '../../infra/manifest-types.ts';

/**
 * Creates the manifest's tables in the local DynamoDB, the way the CDK stack creates them on AWS:
 * on-demand billing, every GSI projecting ALL, string keys. Idempotent, so every start calls it.
 */

/** Locally a table is named after its manifest key (`Domain`); on AWS CloudFormation names it. */
export function localTableName(logicalName: string): string {
  return logicalName;
}

/** The environment a function needs to find the local tables, e.g. `{ DOMAIN_TABLE: 'Domain' }`. */
export function localTableEnvironment(manifest: Pick<Manifest, 'tables'>): Record<string, string> {
  return Object.fromEntries(Object.entries(manifest.tables).map(([logical, spec]) => [spec.envVar, localTableName(logical)]));
}

/**
 * What happened to a table's time-to-live setting. The local DynamoDB implements UpdateTimeToLive
 * and expires items (time-to-live.ts); `unsupported-locally` remains for an endpoint without it.
 */
export type TimeToLiveOutcome = 'enabled' | 'not-configured' | 'unsupported-locally';

export interface EnsuredTable {
  name: string;
  /**
   * `rebuilt`: the table on disk had another key schema or other indexes than the manifest
   * (dynalite cannot add a GSI to an existing table), so it was recreated with its items.
   */
  action: 'created' | 'existing' | 'rebuilt';
  timeToLive: TimeToLiveOutcome;
}

function keyElements(key: KeySchema): KeySchemaElement[] {
  const elements: KeySchemaElement[] = [{ AttributeName: key.partitionKey, KeyType: 'HASH' }];
  if (key.sortKey) elements.push({ AttributeName: key.sortKey, KeyType: 'RANGE' });
  return elements;
}

export function createTableInput(name: string, spec: TableSpec) {
  const keyNames = new Set<string>();
  for (const key of [spec, ...spec.globalSecondaryIndexes]) {
    keyNames.add(key.partitionKey);
    if (key.sortKey) keyNames.add(key.sortKey);
  }
  // Every key in this application is a string (prefixed, sortable); see docs/data-model.md.
  const attributeDefinitions: AttributeDefinition[] = [...keyNames].map((n) => ({ AttributeName: n, AttributeType: 'S' }));
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keyElements(spec),
    ...(spec.globalSecondaryIndexes.length > 0 && {
      GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.name,
        KeySchema: keyElements(gsi),
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  };
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, name);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === undefined || i.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`Table ${name} is not ACTIVE after ${timeoutMs} ms (status ${table?.TableStatus ?? 'missing'})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function enableTimeToLive(client: DynamoDBClient, name: string, attribute: string): Promise<TimeToLiveOutcome> {
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }));
    return 'enabled';
  } catch (error) {
    if (errorName(error) === 'UnknownOperationException') return 'unsupported-locally';
    // AWS answers this when TTL is already enabled on the attribute.
    if (errorName(error) === 'ValidationException' && error instanceof Error && /already enabled/i.test(error.message)) return 'enabled';
    throw error;
  }
}

const describeKeys = (elements: KeySchemaElement[] | undefined) => (elements ?? []).map((e) => `${e.AttributeName}:${e.KeyType}`).join(',');

function layoutOf(input: { KeySchema?: KeySchemaElement[]; GlobalSecondaryIndexes?: Array<{ IndexName?: string; KeySchema?: KeySchemaElement[] }> }): string {
  const indexes = (input.GlobalSecondaryIndexes ?? []).map((i) => `${i.IndexName}(${describeKeys(i.KeySchema)})`).sort();
  return `${describeKeys(input.KeySchema)} ${indexes.join(' ')}`;
}

async function waitUntilGone(client: DynamoDBClient, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await describe(client, name)) {
    if (Date.now() > deadline) throw new Error(`Table ${name} was not deleted after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Recreates a table with the manifest's layout and puts its items back (local data only). */
async function rebuild(client: DynamoDBClient, name: string, spec: TableSpec, timeoutMs: number): Promise<void> {
  const items: Array<Record<string, AttributeValue>> = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: name, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await client.send(new DeleteTableCommand({ TableName: name }));
  await waitUntilGone(client, name, timeoutMs);
  await client.send(new CreateTableCommand(createTableInput(name, spec)));
  await waitUntilActive(client, name, timeoutMs);
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
      requests = (UnprocessedItems?.[name] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
    }
  }
}

export async function ensureTables(
  client: DynamoDBClient,
  manifest: Pick<Manifest, 'tables'>,
  /** `rebuildIndexes`: every existing table is rebuilt from its items (after an unclean stop, see dynalite-service.ts). */
  options: { timeoutMs?: number; rebuildIndexes?: boolean } = {},
): Promise<Record<string, EnsuredTable>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const result: Record<string, EnsuredTable> = {};
  for (const [logical, spec] of Object.entries(manifest.tables)) {
    const name = localTableName(logical);
    let action: EnsuredTable['action'] = 'existing';
    const existing = await describe(client, name);
    if (!existing) {
      try {
        await client.send(new CreateTableCommand(createTableInput(name, spec)));
        action = 'created';
      } catch (error) {
        // Another starter won the race; the table exists, which is all we need.
        if (errorName(error) !== 'ResourceInUseException') throw error;
      }
    } else if (options.rebuildIndexes || layoutOf(existing) !== layoutOf(createTableInput(name, spec))) {
      await rebuild(client, name, spec, timeoutMs);
      action = 'rebuilt';
    }
    await waitUntilActive(client, name, timeoutMs);
    const timeToLive = spec.timeToLiveAttribute ? await enableTimeToLive(client, name, spec.timeToLiveAttribute) : 'not-configured';
    result[logical] = { name, action, timeToLive };
  }
  return result;
}
