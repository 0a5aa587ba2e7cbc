import { createHash } from 'node:crypto';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ListSchedulesCommand, SchedulerClient, type ListSchedulesCommandOutput } from '@aws-sdk/client-scheduler';
import { ListSubscriptionsCommand, SNSClient, type ListSubscriptionsCommandOutput } from '@aws-sdk/client-sns';
import { manifest } from '#infra/manifest.ts';
import { LOCAL_REGION } from '#local/arns.ts';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';
import { localTableName } from '#local/dynamodb/tables.ts';
import { functionNameOf } from '#local/lambda/in-process-invoker.ts';
import type { Api } from './lifecycle.ts';
import { sleep } from './http.ts';

/**
 * A local cloud in the test's own process (the fuzzing and matrix parts), with two things the
 * parts need to tell a write caused by a request from one caused by the system going on by
 * itself: a fingerprint of the stored state (every item of the Domain table, the SNS
 * subscriptions, the schedules) read through the AWS endpoint, and a watch on the functions
 * that run in the background (steps, triggers: everything but the API's handlers).
 */
export interface InProcessCloud extends Api {
  readonly cloud: LocalCloud;
  /** A mark to compare later: how many background invocations have started so far. */
  mark(): number;
  /** Whether a background invocation started since the mark. */
  busySince(mark: number): boolean;
  /**
   * How many timers of the local clock have fired so far (a Wait, a Retry interval, a deadline,
   * a schedule, an SNS or async-Lambda retry): activity no request caused.
   */
  timersFired(): number;
  /** Waits until no background invocation has run for `idleMs` (at most `maxMs`). */
  quiesce(idleMs?: number, maxMs?: number): Promise<void>;
  fingerprint(): Promise<Fingerprint>;
  /** Proves the fingerprint sees a write: an item put (changed) and deleted (back as it was). */
  selfTest(): Promise<void>;
  close(): Promise<void>;
}

export interface Fingerprint {
  /** Items of the Domain table. */
  count: number;
  hash: string;
  /** Per item `pk|sk` → hash of the item; per subscription and schedule a line. */
  entries: Map<string, string>;
}

export function diffFingerprints(before: Fingerprint, after: Fingerprint, max = 8): string {
  const lines: string[] = [];
  for (const [key, hash] of after.entries) {
    if (!before.entries.has(key)) lines.push(`+ ${key}`);
    else if (before.entries.get(key) !== hash) lines.push(`~ ${key}`);
  }
  for (const key of before.entries.keys()) if (!after.entries.has(key)) lines.push(`- ${key}`);
  return lines.length <= max ? lines.join('; ') : `${lines.slice(0, max).join('; ')}; … (${lines.length} changes)`;
}

export async function startInProcessCloud(options: { timeScale?: number } = {}): Promise<InProcessCloud> {
  const cloud = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, timeScale: options.timeScale ?? 1, log: () => {} });
  const clientConfig = { endpoint: cloud.awsEndpointUrl, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };
  const dynamo = new DynamoDBClient(clientConfig);
  const sns = new SNSClient(clientConfig);
  const scheduler = new SchedulerClient(clientConfig);
  const domainTable = localTableName('Domain');

  // Watch the background functions: every caller (API Gateway, the engine, SNS, Scheduler) calls
  // `invoke` on this one invoker object at call time.
  const apiFunctions = new Set(manifest.routes.map((r) => r.function));
  let started = 0;
  let inFlight = 0;
  let lastActivity = 0;
  const invoker = cloud.lambda as { invoke: typeof cloud.lambda.invoke };
  const invoke = invoker.invoke.bind(cloud.lambda);
  invoker.invoke = async (nameOrArn, payload) => {
    let name: string;
    try {
      name = functionNameOf(nameOrArn);
    } catch {
      return invoke(nameOrArn, payload);
    }
    if (apiFunctions.has(name)) return invoke(nameOrArn, payload);
    started++;
    inFlight++;
    lastActivity = Date.now();
    try {
      return await invoke(nameOrArn, payload);
    } finally {
      inFlight--;
      lastActivity = Date.now();
    }
  };

  async function fingerprint(): Promise<Fingerprint> {
    const entries = new Map<string, string>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: domainTable, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) {
        const key = `${item.pk?.S ?? '?'}|${item.sk?.S ?? '?'}`;
        entries.set(key, createHash('sha1').update(canonical(item)).digest('hex'));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const count = entries.size;
    let next: string | undefined;
    do {
      const page: ListSubscriptionsCommandOutput = await sns.send(new ListSubscriptionsCommand({ NextToken: next }));
      for (const s of page.Subscriptions ?? []) entries.set(`sns|${s.TopicArn}|${s.Protocol}|${s.Endpoint}|${s.SubscriptionArn === 'PendingConfirmation' ? 'pending' : s.SubscriptionArn}`, '');
      next = page.NextToken;
    } while (next);
    next = undefined;
    do {
      const page: ListSchedulesCommandOutput = await scheduler.send(new ListSchedulesCommand({ NextToken: next }));
      for (const s of page.Schedules ?? []) entries.set(`schedule|${s.GroupName}|${s.Name}`, String(s.LastModificationDate?.toISOString() ?? ''));
      next = page.NextToken;
    } while (next);
    const hash = createHash('sha256');
    for (const key of [...entries.keys()].sort()) hash.update(`${key}=${entries.get(key)}\n`);
    return { count, hash: hash.digest('hex'), entries };
  }

  // Count the clock's timers that fire later (not at once, as a due time already past does):
  // every emulator arms its timers through this one clock object, at call time.
  let timersFired = 0;
  const clock = cloud.clock as { at: typeof cloud.clock.at };
  const at = clock.at.bind(cloud.clock);
  clock.at = (virtualMs, fire) => {
    let arming = true;
    const cancel = at(virtualMs, () => {
      if (!arming) timersFired++;
      fire();
    });
    arming = false;
    return cancel;
  };

  const tokens = new Map<string, Promise<string>>();
  return {
    cloud,
    apiUrl: cloud.apiUrl,
    token(request) {
      const key = JSON.stringify(request);
      let token = tokens.get(key);
      if (!token) tokens.set(key, (token = cloud.mintToken({ ...request, expiresInSeconds: 6 * 3600 })));
      return token;
    },
    mark: () => started,
    busySince: (mark) => started !== mark || inFlight > 0,
    timersFired: () => timersFired,
    async quiesce(idleMs = 200, maxMs = 15_000) {
      const deadline = Date.now() + maxMs;
      while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivity < idleMs)) await sleep(25);
    },
    fingerprint,
    async selfTest() {
      const before = await fingerprint();
      const key = { pk: { S: 'FAULTS#self-test' }, sk: { S: 'FAULTS#self-test' } };
      await dynamo.send(new PutItemCommand({ TableName: domainTable, Item: { ...key, note: { S: 'a write the fingerprint must see' } } }));
      const written = await fingerprint();
      await dynamo.send(new DeleteItemCommand({ TableName: domainTable, Key: key }));
      const after = await fingerprint();
      if (written.hash === before.hash || written.count !== before.count + 1) throw new Error('the fingerprint does not see an item written');
      if (after.hash !== before.hash) throw new Error(`the fingerprint does not come back when the item is deleted: ${diffFingerprints(before, after)}`);
    },
    async close() {
      dynamo.destroy();
      sns.destroy();
      scheduler.destroy();
      await cloud.close();
    },
  };
}

/** JSON with sorted keys, so that the same item always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
