import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificateFile } from '#shared/certificates/certificate-file.ts';
import { loadJwks } from '#shared/certificates/jwks-source.ts';
import { formatVerificationReport } from '#shared/certificates/verification-report.ts';
import { verifyCertificateCommand } from '#shared/certificates/verify-certificate-command.ts';
import { verifyCertificate } from '#shared/certificates/verify-certificate.ts';
import { signed, signer } from './fixtures.ts';

let dir: string;
let jwksPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-command-'));
  jwksPath = join(dir, 'jwks.json');
  await writeFile(jwksPath, JSON.stringify(await signer.publicJwks()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function command(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verifyCertificateCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('verifyCertificateCommand (in process)', () => {
  it('verifies a bare JWS file, as `jq -r .jws` writes it', async () => {
    const path = join(dir, 'certificate.jws');
    await writeFile(path, `${(await signed()).jws}\n`);
    expect(await readCertificateFile(path)).toMatchObject({ kind: 'certificate', format: 'json', input: expect.any(String) });
    const result = await command(path, '--jwks', jwksPath);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('signing key');
  });

  it('prints usage with --help, and refuses unknown options and extra files', async () => {
    expect(await command('--help')).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: npm run verify-certificate/) });
    expect((await command('--colour', 'x.json')).code).toBe(2);
    expect((await command('a.json', 'b.json')).code).toBe(2);
  });

  it('exits 2 when the JWKS file is not a JWKS', async () => {
    const certificate = join(dir, 'ok.json');
    await writeFile(certificate, JSON.stringify(await signed()));
    const notJson = join(dir, 'not-json');
    await writeFile(notJson, 'keys');
    const notJwks = join(dir, 'not-jwks.json');
    await writeFile(notJwks, '{"kty":"EC"}');
    expect(await command(certificate, '--jwks', notJson)).toMatchObject({ code: 2, err: expect.stringMatching(/not JSON/) });
    expect(await command(certificate, '--jwks', notJwks)).toMatchObject({ code: 2, err: expect.stringMatching(/not a JWKS/) });
    await expect(loadJwks(join(dir, 'absent.json'))).rejects.toThrow(/cannot read the keys/);
  });

  it('reports what the bureau signed beside what was altered', async () => {
    const certificate = structuredClone(await signed());
    certificate.document.serial = 'CQ2016000099';
    const report = formatVerificationReport('x.json', await verifyCertificate(certificate, await signer.publicJwks()));
    expect(report.split('\n')).toEqual([
      'INVALID 无效: certificate CQ2016000042 (x.json)',
      '  what the issuing bureau signed 签发机构签署的内容:',
      '  入境货物检验检疫证明 Inspection and Quarantine Certificate for Inbound Goods',
      '  issued by 重庆出入境检验检疫局 Chongqing Entry-Exit Inspection and Quarantine Bureau (CQ) at 2016-09-03 10:15:00 Beijing time',
      '  consignment 01J9CERTIFICATECONSIGNMENT: released',
      `  signing key ${await signer.kid()}`,
      '  ✗ [content-mismatch] serial: signed "CQ2016000042", found "CQ2016000099"',
    ]);
  });
});
