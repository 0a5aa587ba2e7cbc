import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '#infra/manifest-types.ts';
import { LOCAL_REGION } from '#local/arns.ts';
import { startAwsEndpoint, type AwsEndpoint } from '#local/aws-endpoint.ts';
import { createDynamoDbService, type DynamoDbService } from '#local/dynamodb/dynalite-service.ts';
import { dynamoDbFaultsFromEnvironment, faultRateFor } from '#local/dynamodb/fault-injection.ts';
import { createInProcessInvoker } from '#local/lambda/in-process-invoker.ts';
import { errorMatches } from '#local/stepfunctions/error-handling.ts';
import { StatesError } from '#local/stepfunctions/errors.ts';
import { invokeFunction } from '#local/stepfunctions/tasks/lambda-task.ts';

/**
 * The local cloud's fault hooks themselves (LOCAL_FAULTS): off by default, step invocations only,
 * errors AWS gives for a transient condition, and retried by whoever retries them on AWS.
 */
describe('LOCAL_FAULTS', () => {
  it('reads each component’s rate, 0 when absent, and refuses a malformed entry', () => {
    expect(faultRateFor('lambda', 'lambda:0.2,dynamodb:0.5')).toBe(0.2);
    expect(faultRateFor('dynamodb', 'lambda:0.2, dynamodb:0.5')).toBe(0.5);
    expect(faultRateFor('dynamodb', undefined)).toBe(0);
    expect(faultRateFor('dynamodb', 'lambda:1')).toBe(0);
    expect(() => faultRateFor('lambda', 'lambda:2')).toThrow(/lambda:<rate/);
    expect(() => faultRateFor('lambda', 'lambda:')).toThrow();
    expect(dynamoDbFaultsFromEnvironment({})).toBeUndefined();
  });
});

describe('injected Lambda service errors', () => {
  const manifest: Pick<Manifest, 'functions'> = {
    functions: {
      step: { entry: 'test/local/fixtures/functions/echo.ts', description: 'a step', grants: [] },
      api: { entry: 'test/local/fixtures/functions/echo.ts', description: 'an API handler', grants: [] },
    },
  };
  // The invoker tells a step by its entry under functions/steps/; here the fixture stands in for one.
  const asStep = { functions: { ...manifest.functions, step: { ...manifest.functions.step!, entry: 'functions/steps/../../test/local/fixtures/functions/echo.ts' } } };

  it('fail step invocations only, before the handler runs, as Lambda.ServiceException, which States.TaskFailed retries', async () => {
    const logged: string[] = [];
    const invoker = createInProcessInvoker({ manifest: asStep, log: (l) => logged.push(l), stepFaults: { rate: 1, seed: '1' } });
    await expect(invoker.invoke('step', {})).rejects.toMatchObject({ name: 'ServiceException' });
    expect((await invoker.invoke('api', {})).ok).toBe(true);
    const outcome = await invokeFunction(invoker, 'step', {});
    expect(outcome).toMatchObject({ ok: false, error: 'Lambda.ServiceException' });
    expect(errorMatches(['States.TaskFailed'], new StatesError('Lambda.ServiceException', undefined))).toBe(true);
    expect(logged.filter((l) => l.includes('[local-faults] lambda step'))).toHaveLength(2);
  });

  it('are off without LOCAL_FAULTS, and follow the seed', async () => {
    expect((await createInProcessInvoker({ manifest: asStep, log: () => {} }).invoke('step', {})).ok).toBe(true);
    const pattern = async () => {
      const invoker = createInProcessInvoker({ manifest: asStep, log: () => {}, stepFaults: { rate: 0.5, seed: '42' } });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 20; i++) outcomes.push(await invoker.invoke('step', {}).then((r) => r.ok, () => false));
      return outcomes;
    };
    const first = await pattern();
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await pattern()).toEqual(first);
  });
});

describe('injected DynamoDB errors', () => {
  let service: DynamoDbService;
  let endpoint: AwsEndpoint;
  const logged: string[] = [];
  const client = (maxAttempts: number) =>
    new DynamoDBClient({ endpoint: endpoint.url, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts });
  let rate = 1;

  beforeAll(async () => {
    const faults = dynamoDbFaultsFromEnvironment({ LOCAL_FAULTS: 'dynamodb:1', LOCAL_FAULTS_SEED: '7' }, (l) => logged.push(l))!;
    // The same hook with a rate the test can turn down.
    service = await createDynamoDbService({ faults: { ...faults, pick: (operation) => faults.pick(operation) && Math.random() < rate } });
    endpoint = await startAwsEndpoint({ port: 0, services: [service] });
  });
  afterAll(async () => {
    await endpoint?.close();
    await service?.close();
  });

  it('answer data calls with InternalServerError (500) or ProvisionedThroughputExceededException (400), and never control-plane calls', async () => {
    const once = client(1);
    await once.send(new CreateTableCommand({ TableName: 'Faults', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    expect((await once.send(new ListTablesCommand({}))).TableNames).toEqual(['Faults']);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const error = await once.send(new PutItemCommand({ TableName: 'Faults', Item: { pk: { S: `k${i}` } } })).then(() => undefined, (e: { name: string; $metadata: { httpStatusCode?: number } }) => e);
      expect(error).toBeDefined();
      seen.add(`${error!.$metadata.httpStatusCode} ${error!.name}`);
    }
    expect([...seen].sort()).toEqual(['400 ProvisionedThroughputExceededException', '500 InternalServerError']);
    // Refused before dynalite: nothing was written.
    rate = 0;
    expect((await once.send(new GetItemCommand({ TableName: 'Faults', Key: { pk: { S: 'k0' } } }))).Item).toBeUndefined();
    once.destroy();
  });

  it('are retried by the AWS SDK until the call goes through', async () => {
    rate = 0.3;
    const retrying = client(20);
    for (let i = 0; i < 6; i++) await retrying.send(new PutItemCommand({ TableName: 'Faults', Item: { pk: { S: `r${i}` } } }));
    rate = 0;
    for (let i = 0; i < 6; i++) expect((await retrying.send(new GetItemCommand({ TableName: 'Faults', Key: { pk: { S: `r${i}` } } }))).Item).toBeDefined();
    retrying.destroy();
    expect(logged.some((l) => /^\[local-faults\] dynamodb PutItem → /.test(l))).toBe(true);
  });
});
