import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';

/**
 * The curl walkthrough of docs/market-access.md, run as written (bash, curl, jq, the token CLI)
 * against a local cloud on disk: if a command in it stops working, this fails.
 */
const run = promisify(execFile);
let cloud: LocalCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'market-access-doc-'));
  cloud = await startLocalCloud({ dataDir, port: 0, awsPort: 0, log: () => {} });
});
afterAll(async () => {
  await cloud?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the market-access walkthrough (docs/market-access.md)', () => {
  it('registers access and a site, refuses and routes filings, withdraws, notifies a subscriber and facilitates with a record, as written', async () => {
    const doc = await readFile('docs/market-access.md', 'utf8');
    const blocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const script = blocks.join('\n').replace('API=http://127.0.0.1:3000', `API=${cloud.apiUrl}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 120_000,
    });
    expect(stdout).toContain('["CQ-LOGS",["logs"],1]');
    expect(stdout).toContain('{"field":"body.goods.0.originCountry","code":"MARKET_ACCESS_NOT_GRANTED"}');
    expect(stdout).toContain('"level":"intensified"');
    expect(stdout).toContain('["MARKET_ACCESS_DESIGNATED_SITE",["CQ-LOGS"]]');
    expect(stdout).toMatch(/"status": "withdrawn",\s*"version": 2/);
    expect(stdout).toMatch(/^409$/m);
    expect(stdout).toContain('[2,"withdrawn"]');
    expect(stdout).toContain('{"country":"KZ","hsPrefixes":["8429"]}');
    expect(stdout).toContain('"reasons":["TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL"]');
    expect(stdout).toMatch(/"consignments":0,"containers":0/);
  }, 150_000);
});
