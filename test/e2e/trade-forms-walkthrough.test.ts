import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';

/**
 * The curl walkthrough of docs/trade-forms.md, run as written (bash, curl, jq, the token CLI)
 * against a local cloud on disk: if a command in it stops working, this fails.
 */
const run = promisify(execFile);
let cloud: LocalCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trade-forms-doc-'));
  cloud = await startLocalCloud({ dataDir, port: 0, awsPort: 0, log: () => {} });
});
afterAll(async () => {
  await cloud?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the trade-forms walkthrough (docs/trade-forms.md)', () => {
  it('samples and releases a parcel manifest, registers a market and files from it, pairs a repair import with its re-export, and runs a sea–rail chain, as written', async () => {
    const doc = await readFile('docs/trade-forms.md', 'utf8');
    const blocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const script = blocks.join('\n').replace('API=http://127.0.0.1:3000', `API=${cloud.apiUrl}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 120_000,
    });
    // Parcels: 1,000 lines, 5 pages, 80 sampled (level II, code letter J); the sample answered, the lot released.
    expect(stdout).toMatch(/"lines": 1000,\s*"pages": 5,\s*"sampling": \{[^}]*"codeLetter": "J",\s*"sampleSize": 80/);
    expect(stdout).toMatch(/^80$/m);
    expect(stdout).toContain('{"parcels":"completed"}');
    expect(stdout).toContain('{"status":"released"}');
    // Market procurement: the market, its trader, and a filing planned under it.
    expect(stdout).toMatch(/"id": "YIWU-ITC",[\s\S]*"bureau": "ZJ"/);
    expect(stdout).toMatch(/"TRADE_MODE_MARKET_PROCUREMENT",\s*"MARKET_PROCUREMENT_REGISTERED_TRADER"/);
    // Global maintenance: the pair awaiting its re-export, then closed by it.
    expect(stdout).toMatch(/"status": "awaiting-re-export"/);
    expect(stdout).toMatch(/"GLOBAL_MAINTENANCE_RE_EXPORT_OF"/);
    expect(stdout).toMatch(/"status": "re-exported",\s*"reExportId": "\w+"/);
    // Sea–rail: each bureau's role per leg, the hand-over, then the destination and the release.
    expect(stdout).toContain('[["JS:port-checks","JS:hand-over"],["CQ:destination-inspection"]]');
    expect(stdout).toContain('{"handOver":"completed"}');
    expect(stdout).toContain('"events":["filed","task-opened","port-checks-completed","task-opened","mode-hand-over-completed","task-opened","destination-inspection-completed","released"]');
  }, 150_000);
});
