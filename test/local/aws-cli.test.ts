import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The AWS CLI (Debian's `awscli`, v2) against `npm start`'s AWS endpoint, as a new user runs it:
 * Step Functions (STANDARD and EXPRESS machines, sync starts, tags, activities), DynamoDB
 * transactions and time to live, SNS tags and policy, Scheduler tags and retry policy, Lambda.
 * /usr/bin/aws is called explicitly: a pyenv shim may shadow it on PATH. This CLI version reads no
 * AWS_ENDPOINT_URL, so every call passes --endpoint-url.
 *
 * StartSyncExecution: the CLI always sends it to the `sync-` prefixed host (`sync-127.0.0.1`),
 * which does not resolve. The local endpoint also serves requests sent to it as an HTTP proxy, so
 * `HTTP_PROXY=<endpoint>` makes the CLI's sync starts work (shown below); an endpoint name whose
 * `sync-` form resolves to the same address works as well.
 */
const AWS = '/usr/bin/aws';
const dataDir = mkdtempSync(join(tmpdir(), 'aws-cli-'));
const exec = promisify(execFile);
let cloud: ChildProcess | undefined;
let endpoint = '';

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOCAL_AWS_PORT: '0', DATA_DIR: dataDir, TIME_SCALE: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_ENDPOINT_URL') || name === 'AWS_PROFILE') delete env[name];
  // What `npm start` runs (`tsx local/start.ts`), as one process, so stopping it leaves nothing behind.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  cloud = child;
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /AWS endpoint\s+(http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`npm start exited before it was ready:\n${output}`)));
  });
}, 90_000);

afterAll(async () => {
  if (cloud && cloud.exitCode === null && cloud.signalCode === null) {
    const exited = new Promise((resolve) => cloud?.once('exit', resolve));
    cloud.kill('SIGTERM');
    const stuck = setTimeout(() => cloud?.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(stuck);
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** The CLI's environment: local credentials and region, no profile or config from the machine. */
const cliEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: dataDir,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  ...extra,
});

/** Runs `aws <args> --endpoint-url <local>` and parses its JSON output (`{}` when it prints none). */
async function aws<T = Record<string, unknown>>(args: string[], extraEnv: Record<string, string> = {}): Promise<T> {
  const { stdout } = await exec(AWS, [...args, '--endpoint-url', endpoint, '--output', 'json'], { env: cliEnv(extraEnv), timeout: 90_000 });
  return (stdout.trim() ? JSON.parse(stdout) : {}) as T;
}

/** The CLI's error line for a call that must fail. */
async function awsError(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  try {
    await aws(args, extraEnv);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error(`expected aws ${args.join(' ')} to fail`);
}

const ROLE = 'arn:aws:iam::000000000000:role/cli';
/** Each CLI call starts a Python process (seconds on a busy machine); a test makes up to fifteen. */
const CLI_TEST_TIMEOUT_MS = 180_000;
const JSONATA = { QueryLanguage: 'JSONata' };

async function finished(executionArn: string): Promise<{ status: string; output?: string }> {
  for (;;) {
    const execution = await aws<{ status: string; output?: string }>(['stepfunctions', 'describe-execution', '--execution-arn', executionArn]);
    if (execution.status !== 'RUNNING') return execution;
  }
}

describe('aws stepfunctions', () => {
  it('create (with tags), start, describe, describe-state-machine-for-execution, tag, untag', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const definition = JSON.stringify({ ...JSONATA, StartAt: 'Greet', States: { Greet: { Type: 'Pass', Output: { greeting: '{% "hello " & $states.input.who %}' }, End: true } } });
    const { stateMachineArn } = await aws<{ stateMachineArn: string }>([
      'stepfunctions', 'create-state-machine', '--name', 'cli-standard', '--role-arn', ROLE, '--definition', definition, '--tags', 'key=team,value=ops',
    ]);
    const { executionArn } = await aws<{ executionArn: string }>(['stepfunctions', 'start-execution', '--state-machine-arn', stateMachineArn, '--input', '{"who":"Khorgos"}']);
    const done = await finished(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toEqual({ greeting: 'hello Khorgos' });
    expect(await aws(['stepfunctions', 'describe-state-machine-for-execution', '--execution-arn', executionArn])).toMatchObject({ stateMachineArn, definition });

    await aws(['stepfunctions', 'tag-resource', '--resource-arn', stateMachineArn, '--tags', 'key=stage,value=local']);
    await aws(['stepfunctions', 'untag-resource', '--resource-arn', stateMachineArn, '--tag-keys', 'team']);
    expect(await aws(['stepfunctions', 'list-tags-for-resource', '--resource-arn', stateMachineArn])).toEqual({ tags: [{ key: 'stage', value: 'local' }] });
    expect(await awsError(['stepfunctions', 'describe-state-machine', '--state-machine-arn', 'not-an-arn'])).toContain('(InvalidArn)');
  });

  it('start-sync-execution of an EXPRESS machine (through HTTP_PROXY), and AWS’s error for a STANDARD one', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const definition = JSON.stringify({ ...JSONATA, StartAt: 'Double', States: { Double: { Type: 'Pass', Output: { n: '{% $states.input.n * 2 %}' }, End: true } } });
    const { stateMachineArn } = await aws<{ stateMachineArn: string }>(['stepfunctions', 'create-state-machine', '--name', 'cli-express', '--type', 'EXPRESS', '--role-arn', ROLE, '--definition', definition]);
    const proxy = { HTTP_PROXY: endpoint, NO_PROXY: '', no_proxy: '' };
    const out = await aws<{ status: string; output: string }>(['stepfunctions', 'start-sync-execution', '--state-machine-arn', stateMachineArn, '--input', '{"n":21}'], proxy);
    expect(out).toMatchObject({ status: 'SUCCEEDED' });
    expect(JSON.parse(out.output)).toEqual({ n: 42 });
    const standard = 'arn:aws:states:us-east-1:000000000000:stateMachine:cli-standard';
    expect(await awsError(['stepfunctions', 'start-sync-execution', '--state-machine-arn', standard], proxy)).toContain('(StateMachineTypeNotSupported)');
  });

  it('activities: create, a worker takes the task (get-activity-task) and completes it (send-task-success), list, delete', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const { activityArn } = await aws<{ activityArn: string }>(['stepfunctions', 'create-activity', '--name', 'cli-inspection']);
    const definition = JSON.stringify({ ...JSONATA, StartAt: 'Inspect', States: { Inspect: { Type: 'Task', Resource: activityArn, End: true } } });
    const { stateMachineArn } = await aws<{ stateMachineArn: string }>(['stepfunctions', 'create-state-machine', '--name', 'cli-activity', '--role-arn', ROLE, '--definition', definition]);
    // The worker polls first, as workers do; the long poll answers when the task arrives.
    const polling = aws<{ taskToken: string; input: string }>(['stepfunctions', 'get-activity-task', '--activity-arn', activityArn, '--worker-name', 'cli-worker']);
    const { executionArn } = await aws<{ executionArn: string }>(['stepfunctions', 'start-execution', '--state-machine-arn', stateMachineArn, '--input', '{"wagon":"W-17"}']);
    const task = await polling;
    expect(JSON.parse(task.input)).toEqual({ wagon: 'W-17' });
    await aws(['stepfunctions', 'send-task-heartbeat', '--task-token', task.taskToken]);
    await aws(['stepfunctions', 'send-task-success', '--task-token', task.taskToken, '--task-output', '{"sealed":true}']);
    expect(await finished(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"sealed":true}' });
    expect(await aws(['stepfunctions', 'describe-activity', '--activity-arn', activityArn])).toMatchObject({ activityArn, name: 'cli-inspection' });
    expect((await aws<{ activities: Array<{ name: string }> }>(['stepfunctions', 'list-activities'])).activities.map((a) => a.name)).toContain('cli-inspection');
    await aws(['stepfunctions', 'delete-activity', '--activity-arn', activityArn]);
    expect(await awsError(['stepfunctions', 'describe-activity', '--activity-arn', activityArn])).toContain('(ActivityDoesNotExist)');
  });
});

describe('aws dynamodb', () => {
  it('transact-write-items (cancelled with reasons, then applied, token idempotent), transact-get-items, time to live', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    await aws(['dynamodb', 'create-table', '--table-name', 'CliWagons', '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH', '--billing-mode', 'PAY_PER_REQUEST']);
    const put = (id: string, condition?: string) => ({ Put: { TableName: 'CliWagons', Item: { id: { S: id }, sealed: { BOOL: true } }, ...(condition && { ConditionExpression: condition }) } });
    await aws(['dynamodb', 'put-item', '--table-name', 'CliWagons', '--item', '{"id":{"S":"W-1"}}']);
    const refused = await awsError(['dynamodb', 'transact-write-items', '--transact-items', JSON.stringify([put('W-1', 'attribute_not_exists(id)'), put('W-2')])]);
    expect(refused).toContain('(TransactionCanceledException)');
    expect(refused).toContain('[ConditionalCheckFailed, None]');
    expect(await aws(['dynamodb', 'get-item', '--table-name', 'CliWagons', '--key', '{"id":{"S":"W-2"}}'])).toEqual({});

    const items = JSON.stringify([put('W-2', 'attribute_not_exists(id)'), { Update: { TableName: 'CliWagons', Key: { id: { S: 'W-1' } }, UpdateExpression: 'SET sealed = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } } }]);
    await aws(['dynamodb', 'transact-write-items', '--transact-items', items, '--client-request-token', 'cli-seal-1']);
    // The same token again within ten minutes is the same request: no error, nothing written twice.
    await aws(['dynamodb', 'transact-write-items', '--transact-items', items, '--client-request-token', 'cli-seal-1']);
    const got = await aws<{ Responses: Array<{ Item: Record<string, unknown> }> }>([
      'dynamodb', 'transact-get-items', '--transact-items', JSON.stringify([{ Get: { TableName: 'CliWagons', Key: { id: { S: 'W-1' } } } }, { Get: { TableName: 'CliWagons', Key: { id: { S: 'W-2' } } } }]),
    ]);
    expect(got.Responses.map((r) => r.Item.sealed)).toEqual([{ BOOL: true }, { BOOL: true }]);

    expect(await aws(['dynamodb', 'update-time-to-live', '--table-name', 'CliWagons', '--time-to-live-specification', 'Enabled=true,AttributeName=expiresAt'])).toEqual({
      TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
    });
    expect(await aws(['dynamodb', 'describe-time-to-live', '--table-name', 'CliWagons'])).toEqual({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' } });
  });
});

describe('aws sns', () => {
  it('create-topic with tags, tag-resource, untag-resource, list-tags-for-resource, the default Policy', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const { TopicArn } = await aws<{ TopicArn: string }>(['sns', 'create-topic', '--name', 'cli-alerts', '--tags', 'Key=team,Value=ops']);
    await aws(['sns', 'tag-resource', '--resource-arn', TopicArn, '--tags', 'Key=stage,Value=local']);
    await aws(['sns', 'untag-resource', '--resource-arn', TopicArn, '--tag-keys', 'team']);
    expect(await aws(['sns', 'list-tags-for-resource', '--resource-arn', TopicArn])).toEqual({ Tags: [{ Key: 'stage', Value: 'local' }] });
    const { Attributes } = await aws<{ Attributes: { Policy: string } }>(['sns', 'get-topic-attributes', '--topic-arn', TopicArn]);
    expect(JSON.parse(Attributes.Policy)).toMatchObject({ Id: '__default_policy_ID', Statement: [{ Resource: TopicArn }] });
  });
});

describe('aws scheduler', () => {
  it('keeps schedule group tags and reports the default retry policy', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const { ScheduleGroupArn } = await aws<{ ScheduleGroupArn: string }>(['scheduler', 'create-schedule-group', '--name', 'cli-group', '--tags', 'Key=team,Value=ops']);
    await aws(['scheduler', 'tag-resource', '--resource-arn', ScheduleGroupArn, '--tags', 'Key=stage,Value=local']);
    expect(await aws(['scheduler', 'list-tags-for-resource', '--resource-arn', ScheduleGroupArn])).toEqual({ Tags: [{ Key: 'team', Value: 'ops' }, { Key: 'stage', Value: 'local' }] });
    const target = JSON.stringify({ Arn: 'arn:aws:lambda:us-east-1:000000000000:function:health', RoleArn: ROLE });
    await aws(['scheduler', 'create-schedule', '--name', 'cli-daily', '--group-name', 'cli-group', '--schedule-expression', 'rate(1 day)', '--flexible-time-window', 'Mode=OFF', '--target', target]);
    const schedule = await aws<{ Target: { RetryPolicy: unknown } }>(['scheduler', 'get-schedule', '--name', 'cli-daily', '--group-name', 'cli-group']);
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
    await aws(['scheduler', 'delete-schedule-group', '--name', 'cli-group']);
  });
});

describe('aws lambda', () => {
  it('invoke (RequestResponse and Event), get-function, list-functions for the manifest’s functions', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const outfile = join(dataDir, 'health.json');
    expect(await aws(['lambda', 'invoke', '--function-name', 'health', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{}', outfile])).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(outfile, 'utf8'))).toMatchObject({ statusCode: 200 });
    expect(await aws(['lambda', 'invoke', '--function-name', 'health', '--invocation-type', 'Event', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{}', outfile])).toEqual({ StatusCode: 202 });
    expect(await aws(['lambda', 'get-function', '--function-name', 'health'])).toMatchObject({ Configuration: { FunctionName: 'health', State: 'Active' } });
    const { Functions } = await aws<{ Functions: Array<{ FunctionName: string }> }>(['lambda', 'list-functions']);
    expect(Functions.map((f) => f.FunctionName)).toContain('health');
    expect(await awsError(['lambda', 'invoke', '--function-name', 'nope', outfile])).toContain('(ResourceNotFoundException)');
  });
});
