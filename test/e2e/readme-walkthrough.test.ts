import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';

/**
 * The README's curl walkthrough, run as written (bash, curl, jq, the token CLI) against a local
 * cloud on disk: if a command in it stops working, this fails.
 */
const run = promisify(execFile);
let cloud: LocalCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'readme-'));
  cloud = await startLocalCloud({ dataDir, port: 0, awsPort: 0, log: () => {} });
});
afterAll(async () => {
  await cloud?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function walkthroughScript(): Promise<string> {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Walk through'), readme.indexOf('\n## ', readme.indexOf('## Walk through') + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  return blocks.join('\n').replace('API=http://127.0.0.1:3000', `API=${cloud.apiUrl}`);
}

describe('the README walkthrough', () => {
  it('files, completes and releases an import and an export, a permit-bound import and a certificate of origin, and verifies a certificate, with the commands as written', async () => {
    const script = await walkthroughScript();
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/"status": "released"[\s\S]*"status": "SUCCEEDED"/);
    expect(stdout).toMatch(/"clearanceDocument": \{\s*"number": "ZJ\d{8}/);
    expect(stdout.match(/"completed"/g)).toHaveLength(2);
    // The permit: registered with 240 t, 24 t written off at the release.
    expect(stdout).toMatch(/"number": "2026CQ0001",\s*"status": "active",\s*"remaining": 240/);
    expect(stdout).toMatch(/"status": "active",\s*"remaining": 216,\s*"writtenOff": 24/);
    // The certificate: valid by its serial, and valid offline as JSON and as PDF.
    expect(stdout).toMatch(/"serial": "CQ\d{10}",\s*"status": "valid",\s*"kind": "import-inspection-certificate"/);
    expect(stdout.match(/^VALID/gm)).toHaveLength(2);
    // The certificate of origin, issued on the Zhejiang bureau's approval.
    expect(stdout).toMatch(/"status": "issued",\s*"certificate": \{[^}]*"serial": "ZJ\d{10}"/);
  }, 150_000);
});
