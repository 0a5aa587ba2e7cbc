import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStartEnv, startNpmStart, tokenOf, type NpmStart } from '#test/console/npm-start-process.ts';

/**
 * `npm start` as a new user runs it: `local/start.ts` (what the script runs; npm itself does not
 * pass SIGTERM on to its child, so the test signals the process the script starts).
 */
const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
const started: NpmStart[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop('SIGKILL')));
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<NpmStart> {
  const s = await startNpmStart(dataDir);
  started.push(s);
  return s;
}

const token = async (...args: string[]) =>
  (await promisify(execFile)('npm', ['run', '--silent', 'token', '--', ...args], { env: npmStartEnv(dataDir) })).stdout;

const clients = (endpoint: string) => {
  const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  return { sns: new SNSClient(config), dynamo: DynamoDBDocumentClient.from(new DynamoDBClient(config)) };
};

describe('npm start (local/start.ts)', () => {
  // How fast it starts is a benchmark's business (`npm run bench:day` reports it), not a test's.
  it('answers on both endpoints, accepts a CLI token, stops cleanly on SIGTERM and keeps its data', async () => {
    const first = await start();
    expect((await fetch(`${first.apiUrl}/health`)).status).toBe(200);
    // The web console is served beside the API, and the printed login link carries a working token.
    const page = await fetch(`${first.apiUrl}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<script');
    const linkToken = tokenOf(first.loginLinks.declarant);
    expect((await fetch(`${first.apiUrl}/me`, { headers: { authorization: `Bearer ${linkToken}` } })).status).toBe(200);

    const jwt = (await token('--bureau', 'XJ', '--role', 'officer')).trim();
    const me = await fetch(`${first.apiUrl}/me`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ bureau: 'XJ', role: 'officer' });
    expect((await fetch(`${first.apiUrl}/me`)).status).toBe(401);
    const kid = ((await (await fetch(`${first.apiUrl}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys[0]?.kid;

    const aws = clients(first.awsUrl);
    const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: 'KeptAcrossRestarts' }));
    await aws.dynamo.send(new PutCommand({ TableName: 'Domain', Item: { pk: 'TRAIN#X8001', sk: 'META', port: 'Alashankou' } }));
    aws.sns.destroy();
    aws.dynamo.destroy();
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await start();
    const again = clients(second.awsUrl);
    expect((await again.sns.send(new ListTopicsCommand({}))).Topics).toEqual(expect.arrayContaining([{ TopicArn }, { TopicArn: 'arn:aws:sns:us-east-1:000000000000:BureauNotifications' }]));
    expect((await again.dynamo.send(new GetCommand({ TableName: 'Domain', Key: { pk: 'TRAIN#X8001', sk: 'META' } }))).Item).toMatchObject({ port: 'Alashankou' });
    again.sns.destroy();
    again.dynamo.destroy();
    // The signing key is kept, so the issuer's key id is the same after a restart.
    expect(((await (await fetch(`${second.apiUrl}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys[0]?.kid).toBe(kid);
    const declarant = (await token('--bureau', 'NM', '--role', 'declarant', '--enterprise', '91150100MA0N1XY23Q')).trim();
    expect(await (await fetch(`${second.apiUrl}/me`, { headers: { authorization: `Bearer ${declarant}` } })).json()).toMatchObject({ role: 'declarant', enterprise: '91150100MA0N1XY23Q' });
    expect(await second.stop('SIGINT')).toBe(0);
  }, 60_000);
});
