import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCertificatePdf } from '#shared/certificates/certificate-pdf.ts';
import type { SignedCertificate } from '#shared/certificates/signed-certificate.ts';
import { signed, signer, VERIFICATION_URL, withPayloadByteChanged } from './fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let jwksPath: string;
let certificate: SignedCertificate;
let pdf: Uint8Array;
let server: Server;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run verify-certificate -- ...args`, as a child process that always ends (60 s at most). */
function verify(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/verify-certificate.ts', ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** A copy of the PDF whose attached certificate.json has its text changed by `edit`. */
async function withAttachment(bytes: Uint8Array, edit: (json: string) => string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict).lookup(PDFName.of('EmbeddedFiles'), PDFDict).lookup(PDFName.of('Names'), PDFArray);
  // [name, file specification]: the certificate is the only attachment.
  const ef = names.lookup(1, PDFDict).lookup(PDFName.of('EF'), PDFDict);
  const ref = ef.get(PDFName.of('F'));
  const stream = ef.lookup(PDFName.of('F'));
  if (!(ref instanceof PDFRef) || !(stream instanceof PDFRawStream)) throw new Error('no embedded file stream');
  const json = edit(new TextDecoder().decode(decodePDFRawStream(stream).decode()));
  doc.context.assign(ref, doc.context.flateStream(new TextEncoder().encode(json), { Type: 'EmbeddedFile', Subtype: 'application/json' }));
  return doc.save();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-certificate-'));
  certificate = await signed();
  pdf = await renderCertificatePdf(certificate, { verificationUrl: VERIFICATION_URL });
  const jwks = JSON.stringify(await signer.publicJwks());
  jwksPath = await file('jwks.json', jwks);
  server = createServer((request, response) => {
    if (request.url === '/.well-known/certificate-keys.json') response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('npm run verify-certificate', () => {
  it('accepts the certificate JSON and its PDF (exit 0)', async () => {
    const json = await verify(await file('certificate.json', JSON.stringify(certificate, null, 2)), '--jwks', jwksPath);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(json.stdout).toMatch(/^VALID 有效: certificate CQ2016000042/);
    expect(json.stdout).toContain('入境货物检验检疫证明');
    const fromPdf = await verify(await file('certificate.pdf', pdf), '--jwks', jwksPath);
    expect(fromPdf).toMatchObject({ code: 0, stderr: '' });
    expect(fromPdf.stdout).toMatch(/^VALID/);
  });

  it('fetches the keys from an http URL', async () => {
    const { port } = server.address() as AddressInfo;
    const result = await verify(await file('by-url.json', JSON.stringify(certificate)), '--jwks', `http://127.0.0.1:${port}/.well-known/certificate-keys.json`);
    expect(result.code).toBe(0);
  });

  it('rejects a JSON copy with one changed byte in the signed content (exit 1)', async () => {
    const tampered = { ...certificate, jws: withPayloadByteChanged(certificate.jws) };
    const result = await verify(await file('tampered.json', JSON.stringify(tampered)), '--jwks', jwksPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^INVALID 无效/);
    expect(result.stdout).toContain('[bad-signature]');
  });

  it('rejects a PDF whose attached signed content has one changed byte (exit 1)', async () => {
    const [, payload = ''] = certificate.jws.split('.');
    const at = Math.floor(payload.length / 2);
    const changed = await withAttachment(pdf, (json) => json.replace(payload, `${payload.slice(0, at)}${payload[at] === 'A' ? 'B' : 'A'}${payload.slice(at + 1)}`));
    const result = await verify(await file('tampered.pdf', changed), '--jwks', jwksPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[bad-signature]');
  });

  it('names the path of a readable field changed in the PDF (exit 1)', async () => {
    const changed = await withAttachment(pdf, (json) => json.replace('"quantity": 500', '"quantity": 501'));
    const result = await verify(await file('readable.pdf', changed), '--jwks', jwksPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ [content-mismatch] goods[0].quantity: signed 500, found 501');
  });

  it('exits 2 on usage errors, unreadable files and unreachable keys', async () => {
    expect((await verify()).code).toBe(2);
    expect(await verify(join(dir, 'missing.json'), '--jwks', jwksPath)).toMatchObject({ code: 2, stdout: '' });
    expect((await verify(await file('junk.txt', 'not a certificate'), '--jwks', jwksPath)).code).toBe(2);
    const unreachable = await verify(await file('ok.json', JSON.stringify(certificate)), '--jwks', 'http://127.0.0.1:9/.well-known/certificate-keys.json');
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot fetch the keys/);
  });

  it('exits 1 for a PDF without the certificate attachment', async () => {
    const bare = await PDFDocument.create();
    bare.addPage();
    const result = await verify(await file('bare.pdf', await bare.save()), '--jwks', jwksPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('no certificate.json attachment');
  });
});
