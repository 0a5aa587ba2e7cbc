import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { manifest } from '#infra/manifest.ts';
import { startAwsEndpoint, type AwsEndpoint } from '#local/aws-endpoint.ts';
import { createDynamoDbService } from '#local/dynamodb/dynalite-service.ts';
import { startLocalDynamo, type LocalDynamo } from '#local/dynamodb/start-local-dynamo.ts';
import { ensureTables, localTableName } from '#local/dynamodb/tables.ts';

const clientFor = (endpoint: AwsEndpoint) =>
  new DynamoDBClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('local DynamoDB behind the shared AWS endpoint', () => {
  let local: LocalDynamo | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('serves item calls from the table as it now is: none once deleted, its new index once created again', async () => {
    local = await startLocalDynamo();
    const client = clientFor(local.endpoint);
    const TableName = 'cached-description';
    const attributes = [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'colour', AttributeType: 'S' as const },
    ];
    const keySchema = [{ AttributeName: 'pk', KeyType: 'HASH' as const }];
    await client.send(new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: attributes.slice(0, 1), KeySchema: keySchema }));
    await client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, colour: { S: 'blue' } } }));
    expect((await client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } } }))).Item?.colour?.S).toBe('blue');
    await client.send(new DeleteTableCommand({ TableName }));
    await expect(client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } } }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributes,
        KeySchema: keySchema,
        GlobalSecondaryIndexes: [{ IndexName: 'byColour', KeySchema: [{ AttributeName: 'colour', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    await client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'b' }, colour: { S: 'blue' } } }));
    const byColour = await client.send(new QueryCommand({ TableName, IndexName: 'byColour', KeyConditionExpression: 'colour = :c', ExpressionAttributeValues: { ':c': { S: 'blue' } } }));
    expect(byColour.Items?.map((item) => item.pk?.S)).toEqual(['b']);
  });

  it('creates every manifest table with its key schema, GSIs and on-demand billing (CreateTable/DescribeTable)', async () => {
    local = await startLocalDynamo();
    expect(Object.values(local.tables).map((t) => t.action)).toEqual(['created', 'created']);
    const client = clientFor(local.endpoint);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames?.sort()).toEqual(Object.keys(manifest.tables).map(localTableName).sort());

    for (const [logical, spec] of Object.entries(manifest.tables)) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: localTableName(logical) }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.KeySchema?.[0]).toEqual({ AttributeName: spec.partitionKey, KeyType: 'HASH' });
      const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort();
      expect(indexes).toEqual(spec.globalSecondaryIndexes.map((g) => g.name).sort());
    }
    expect(local.tableEnvironment).toEqual({ DOMAIN_TABLE: 'Domain', IDEMPOTENCY_TABLE: 'Idempotency' });
    client.destroy();
  });

  it('fits the Powertools Idempotency persistence defaults: partition key `id`, TTL attribute `expiration`', () => {
    const idempotency = Object.values(manifest.tables).find((t) => t.envVar === 'IDEMPOTENCY_TABLE');
    expect(idempotency?.partitionKey).toBe('id');
    expect(idempotency?.sortKey).toBeUndefined();
    expect(idempotency?.timeToLiveAttribute).toBe('expiration');
  });

  it('is idempotent: ensureTables on existing tables creates nothing and keeps TTL enabled on the manifest attribute', async () => {
    local = await startLocalDynamo();
    const client = clientFor(local.endpoint);
    const result = await ensureTables(client, manifest);
    expect(Object.values(result).map((t) => t.action)).toEqual(['existing', 'existing']);
    expect(result.Idempotency?.timeToLive).toBe('enabled');
    expect(result.Domain?.timeToLive).toBe('not-configured');
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'Idempotency' }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
    client.destroy();
  });

  it('surfaces a failed ConditionExpression as ConditionalCheckFailedException (PutItem attribute_not_exists)', async () => {
    local = await startLocalDynamo();
    const client = clientFor(local.endpoint);
    const put = () =>
      client.send(
        new PutItemCommand({
          TableName: 'Domain',
          Item: { pk: { S: 'X#1' }, sk: { S: 'X' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    client.destroy();
  });

  it('answers an unknown X-Amz-Target prefix with UnknownOperationException instead of forwarding it', async () => {
    local = await startLocalDynamo();
    const response = await fetch(local.endpoint.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('keeps tables and items on disk across a close and reopen of the same data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dynamo-'));
    tempDirs.push(dataDir);

    const first = await startLocalDynamo({ dataDir });
    const firstClient = clientFor(first.endpoint);
    await firstClient.send(new PutItemCommand({ TableName: 'Domain', Item: { pk: { S: 'P#1' }, sk: { S: 'P' }, note: { S: 'kept' } } }));
    firstClient.destroy();
    await first.close();

    local = await startLocalDynamo({ dataDir });
    const client = clientFor(local.endpoint);
    const { Item } = await client.send(new GetItemCommand({ TableName: 'Domain', Key: { pk: { S: 'P#1' }, sk: { S: 'P' } } }));
    expect(Item?.note).toEqual({ S: 'kept' });
    client.destroy();
  });

  it('rebuilds the indexes from the items when the store on disk was not closed (the process was killed), and only then', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dynamo-'));
    tempDirs.push(dataDir);
    const first = await startLocalDynamo({ dataDir });
    const firstClient = clientFor(first.endpoint);
    await firstClient.send(new PutItemCommand({ TableName: 'Domain', Item: { pk: { S: 'K#1' }, sk: { S: 'K' }, gsi2pk: { S: 'KILLED' }, gsi2sk: { S: '1' } } }));
    firstClient.destroy();
    await first.close();

    const clean = await startLocalDynamo({ dataDir });
    expect(clean.tables.Domain?.action).toBe('existing');
    await clean.close();

    // What a SIGKILL leaves: the marker the open store keeps, never removed by a close.
    await writeFile(join(dataDir, 'dynamodb', 'OPEN'), '12345');
    local = await startLocalDynamo({ dataDir });
    expect(local.tables.Domain?.action).toBe('rebuilt');
    const client = clientFor(local.endpoint);
    const { Items } = await client.send(
      new QueryCommand({ TableName: 'Domain', IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :g', ExpressionAttributeValues: { ':g': { S: 'KILLED' } } }),
    );
    expect(Items?.map((item) => item.pk)).toEqual([{ S: 'K#1' }]);
    client.destroy();
  });

  it('rebuilds a table kept on disk whose indexes differ from the manifest, keeping its items', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dynamo-'));
    tempDirs.push(dataDir);
    const domain = manifest.tables.Domain;
    if (!domain) throw new Error('the manifest has no Domain table');
    const older = { tables: { Domain: { ...domain, globalSecondaryIndexes: domain.globalSecondaryIndexes.slice(0, 1) } } };

    const first = await startLocalDynamo({ dataDir, manifest: older });
    const firstClient = clientFor(first.endpoint);
    await firstClient.send(
      new PutItemCommand({ TableName: 'Domain', Item: { pk: { S: 'A#1' }, sk: { S: 'A' }, gsi2pk: { S: 'G' }, gsi2sk: { S: '1' }, n: { N: '7' } } }),
    );
    firstClient.destroy();
    await first.close();

    local = await startLocalDynamo({ dataDir, manifest: { tables: { Domain: domain } } });
    expect(local.tables.Domain?.action).toBe('rebuilt');
    const client = clientFor(local.endpoint);
    expect((await ensureTables(client, { tables: { Domain: domain } })).Domain?.action).toBe('existing');
    const { Items } = await client.send(
      new QueryCommand({
        TableName: 'Domain',
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :g',
        ExpressionAttributeValues: { ':g': { S: 'G' } },
      }),
    );
    expect(Items).toEqual([expect.objectContaining({ pk: { S: 'A#1' }, n: { N: '7' } })]);
    client.destroy();
  });

  it('composes with other services on one endpoint: only DynamoDB_20120810 targets reach dynalite', async () => {
    const service = await createDynamoDbService();
    expect(service.path).toBeUndefined();
    const request = (headers: Record<string, string>) => Object.assign(new IncomingMessage(new Socket()), { headers });
    expect(service.accepts(request({ 'x-amz-target': 'DynamoDB_20120810.GetItem' }))).toBe(true);
    expect(service.accepts(request({ 'x-amz-target': 'AWSStepFunctions.StartExecution' }))).toBe(false);
    expect(service.accepts(request({}))).toBe(false);
    const endpoint = await startAwsEndpoint({ port: 0, services: [service] });
    const client = clientFor(endpoint);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    client.destroy();
    await endpoint.close();
    await service.close();
  });
});
