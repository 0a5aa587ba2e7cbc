import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localTableName } from '#local/dynamodb/tables.ts';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';
import { containerNumber } from './trains-fixtures.ts';

// This file reads what the handlers write to stdout: access lines (INFO) and EMF metrics.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

/**
 * Locally every function runs in this one process, as on AWS each runs in its own: each
 * invocation logs with its own function name and request id, and each function keeps its own
 * idempotency records.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);

const output: string[] = [];
let stdout: ReturnType<typeof vi.spyOn> | undefined;
beforeAll(() => {
  const write = process.stdout.write.bind(process.stdout);
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    output.push(...text.split('\n').filter((line) => line.startsWith('{')));
    // Keep vitest's own reporter output; swallow the handlers' JSON lines.
    return text.startsWith('{') ? true : write(chunk as string, ...(rest as []));
  });
});
afterAll(() => stdout?.mockRestore());

type Line = Record<string, unknown>;
const lines = (): Line[] => output.flatMap((line) => {
  try {
    return [JSON.parse(line) as Line];
  } catch {
    return [];
  }
});
const accessLine = (requestId: string) => lines().find((l) => l.message === 'request' && l.requestId === requestId);

async function get(path: string, token: string) {
  const response = await fetch(`${t.cloud.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.text();
  return { status: response.status, requestId: response.headers.get('apigw-requestid') ?? '' };
}

describe('logs, one invocation at a time in one process', () => {
  it('gives each concurrent invocation its own function name and request id, and one access line per request', async () => {
    const xj = await driver.officer('XJ');
    const hq = await driver.hq();
    const calls = await Promise.all(
      Array.from({ length: 15 }, (_, i) => [
        get('/tasks', xj).then((r) => ({ ...r, routeKey: 'GET /tasks', functionName: 'listTasks', bureau: 'XJ', role: 'officer' })),
        get(`/notifications?limit=${(i % 5) + 1}`, xj).then((r) => ({ ...r, routeKey: 'GET /notifications', functionName: 'listNotifications', bureau: 'XJ', role: 'officer' })),
        get('/tasks', hq).then((r) => ({ ...r, routeKey: 'GET /tasks', functionName: 'listTasks', bureau: 'HQ', role: 'hq' })),
      ]).flat(),
    );
    const lambdaRequestIds = new Set<unknown>();
    for (const call of calls) {
      const line = await eventually(async () => accessLine(call.requestId), `the access line of ${call.requestId}`);
      expect(line).toMatchObject({
        level: 'INFO',
        function_name: call.functionName,
        routeKey: call.routeKey,
        status: call.status,
        bureau: call.bureau,
        role: call.role,
        latencyMs: expect.any(Number),
      });
      lambdaRequestIds.add(line.function_request_id);
      expect(lines().filter((l) => l.message === 'request' && l.requestId === call.requestId)).toHaveLength(1);
    }
    expect(lambdaRequestIds.size).toBe(calls.length);
    expect(calls.filter((c) => c.status === 400)).toHaveLength(15); // HQ without ?bureau=
  });

  it('names the caller in the access line of a request its role may not make', async () => {
    const refused = await get('/trains', await driver.declarant('CQ', CREDIT_CODES.chongqingImporter));
    expect(refused.status).toBe(403);
    const line = await eventually(async () => accessLine(refused.requestId), 'the access line of a 403');
    expect(line).toMatchObject({ function_name: 'listTrains', status: 403, bureau: 'CQ', role: 'declarant' });
  });
});

describe('idempotency records, per function', () => {
  it("carries the filing request's id into its execution: every step of the lifecycle logs it as the correlation id", async () => {
    const before = output.length;
    const filed = await driver.file(await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), importFiling());
    const filing = lines().slice(before).find((line) => line.routeKey === 'POST /consignments' && line.status === 201);
    expect(filing?.requestId).toEqual(expect.any(String));
    expect(filing?.correlationId).toBe(filing?.requestId);
    await driver.task('XJ', filed.id, 'port-checks');
    const step = await eventually(async () => lines().slice(before).find((line) => line.function_name === 'openTask' && line.message === 'step'), 'the open-task step line');
    expect(step.correlationId).toBe(filing?.requestId);
  });

  it("stores each function's records under its own name, whichever function ran first", async () => {
    // Another idempotent function runs first in this process.
    const cq = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    expect((await t.call('POST', '/webhooks', await driver.officer('HB'), { url: 'https://hb.example.cn/hook' }, { 'idempotency-key': 'hook-1' })).status).toBe(201);
    const filed = await driver.file(cq, importFiling({ containers: [{ number: containerNumber(61) }] }), { 'idempotency-key': 'filing-1' });
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const body = passedPortChecks([containerNumber(61)]);
    expect((await t.call('POST', `/tasks/${task.id}/complete`, await driver.officer('XJ'), body, { 'idempotency-key': 'answer-1' })).status).toBe(200);

    const dynamo = new DynamoDBClient({ endpoint: t.cloud.awsEndpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const { Items } = await dynamo.send(new ScanCommand({ TableName: localTableName('Idempotency') }));
    dynamo.destroy();
    const prefixes = (Items ?? []).map((item) => String(item.id?.S).split('#')[0]).sort();
    expect(prefixes).toEqual(['completeTask', 'fileConsignment', 'registerWebhook']);
  });
});

describe('business metrics (EMF)', () => {
  it('emits filing and task completion, with the completion latency', async () => {
    const emf = (name: string) => lines().filter((l) => (l._aws as { CloudWatchMetrics?: Array<{ Metrics: Array<{ Name: string }> }> } | undefined)?.CloudWatchMetrics?.[0]?.Metrics.some((m) => m.Name === name));
    await eventually(async () => (emf('ConsignmentFiled').length > 0 ? true : undefined), 'a ConsignmentFiled metric');
    await eventually(async () => (emf('TaskCompletionLatency').length > 0 ? true : undefined), 'a TaskCompletionLatency metric');
    expect(emf('ConsignmentFiled')[0]).toMatchObject({ direction: 'import', ConsignmentFiled: 1, _aws: { CloudWatchMetrics: [{ Namespace: 'CrExpressInspection', Dimensions: [expect.arrayContaining(['direction'])] }] } });
    expect(emf('TaskCompletionLatency')[0]).toMatchObject({ taskKind: 'port-checks', bureau: 'XJ', TaskCompletionLatency: expect.any(Number) });
  });
});
