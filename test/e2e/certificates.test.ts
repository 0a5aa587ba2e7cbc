import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedCertificateFromPdf } from '#shared/certificates/certificate-attachment.ts';
import { verifyCertificate } from '#shared/certificates/verify-certificate.ts';
import type { SignedCertificate } from '#shared/certificates/signed-certificate.ts';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const run = promisify(execFile);
const t = useTestCloud();
const driver = new LifecycleDriver(t);

interface CertificateView {
  id: string;
  serial: string;
  kind: string;
  status: string;
  issuingBureau: string;
  consignmentId: string;
  revocation?: { reason: string };
  certificate: SignedCertificate;
}

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'certificates-e2e-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function publicGet<T>(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(t.cloud.apiUrl + path, { headers });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function releasedExport() {
  const filed = await driver.file(await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter), exportFiling());
  const task = await driver.task('ZJ', filed.id, 'origin-inspection');
  await driver.complete('ZJ', task.id, { outcome: 'pass' });
  return driver.settled(filed.id) as Promise<Awaited<ReturnType<LifecycleDriver['settled']>> & { certificates?: Array<{ id: string; serial: string; kind: string }> }>;
}

async function certificate(id: string, token: string) {
  return t.call<CertificateView>('GET', `/certificates/${id}`, token);
}

describe('signed certificates (三（六）): issued at release or rejection, verifiable by anyone', () => {
  it('releases an export with a signed electronic clearance whose number is its serial, verifiable offline with the published keys', async () => {
    const released = await releasedExport();
    const [reference, ...others] = released.certificates ?? [];
    expect(others).toEqual([]);
    expect(reference?.kind).toBe('export-clearance');
    expect(reference?.serial).toMatch(/^ZJ\d{4}\d{6}$/);
    expect(released.clearanceDocument?.number).toBe(reference?.serial);

    const read = await certificate(reference!.id, await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ serial: reference!.serial, kind: 'export-clearance', status: 'valid', issuingBureau: 'ZJ', consignmentId: released.id });
    const document = read.body.certificate.document;
    expect(document.consignment.id).toBe(released.id);
    expect(document.decision.outcome).toBe('released');
    expect(document.issuingBureau.code).toBe('ZJ');
    // The officer who decided is named on the certificate.
    expect(document.officer?.subject).toBeTruthy();

    const jwks = await publicGet<JSONWebKeySet>('/.well-known/certificate-keys.json');
    expect(jwks.status).toBe(200);
    expect(await verifyCertificate(read.body.certificate, jwks.body)).toMatchObject({ valid: true, serial: reference!.serial, problems: [] });

    // A changed quantity in the readable document is named; the signature itself still holds.
    const edited = structuredClone(read.body.certificate);
    edited.document.goods[0]!.quantity += 1;
    const tampered = await verifyCertificate(edited, jwks.body);
    expect(tampered.valid).toBe(false);
    expect(tampered.problems).toEqual([expect.objectContaining({ code: 'content-mismatch', path: 'goods[0].quantity' })]);
  });

  it('serves the PDF: Chinese first with an embedded font, the signed certificate attached, and the CLI accepts it and refuses a one-byte change', async () => {
    const released = await releasedExport();
    const reference = released.certificates![0]!;
    const response = await fetch(`${t.cloud.apiUrl}/certificates/${reference.id}`, {
      headers: { authorization: `Bearer ${await driver.officer('ZJ')}`, accept: 'application/pdf' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');

    const pdfFile = join(workDir, `${reference.serial}.pdf`);
    await writeFile(pdfFile, pdf);
    // The text layer (what a reader copies, what a screen reader says) is Chinese first, then English.
    const { stdout: text } = await run('pdftotext', ['-f', '1', '-l', '1', '-layout', pdfFile, '-']);
    expect(text).toContain('出境货物电子通关单');
    expect(text).toContain('Electronic Clearance for Outbound Goods');
    expect(text.indexOf('出境货物电子通关单')).toBeLessThan(text.indexOf('Electronic Clearance for Outbound Goods'));
    expect(text).toContain(reference.serial);
    const { stdout: fonts } = await run('pdffonts', [pdfFile]);
    expect(fonts).toMatch(/NotoSansSC/);
    // Embedded (the viewer's fonts play no part), and only the glyphs used: the whole face is 10 MB.
    expect(fonts.split('\n').filter((line) => /NotoSansSC/.test(line)).every((line) => /CID TrueType\s+Identity-H\s+yes\b/.test(line)), fonts).toBe(true);
    expect(pdf.byteLength).toBeLessThan(1_000_000);

    const attached = (await signedCertificateFromPdf(pdf)) as SignedCertificate;
    expect(attached.document.serial).toBe(reference.serial);

    const jwks = await publicGet<JSONWebKeySet>('/.well-known/certificate-keys.json');
    const jwksFile = join(workDir, 'certificate-keys.json');
    await writeFile(jwksFile, JSON.stringify(jwks.body));
    const cli = (file: string) => run('npx', ['tsx', 'scripts/verify-certificate.ts', file, '--jwks', jwksFile]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    const accepted = await cli(pdfFile);
    expect(accepted.code, accepted.stdout).toBe(0);

    // One byte of the signed payload changed: the signature no longer holds.
    const [header, payload, signature] = attached.jws.split('.') as [string, string, string];
    const flipped = payload.slice(0, 40) + (payload[40] === 'A' ? 'B' : 'A') + payload.slice(41);
    const tamperedFile = join(workDir, 'tampered.json');
    await writeFile(tamperedFile, JSON.stringify({ ...attached, jws: `${header}.${flipped}.${signature}` }));
    const refused = await cli(tamperedFile);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/bad-signature|signature/i);
  }, 60_000);

  it('closes an import with the destination bureau’s inspection-and-quarantine certificate, and a rejection with a disposal notice', async () => {
    const importer = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    const released = await driver.file(importer, importFiling());
    const port = await driver.task('XJ', released.id, 'port-checks');
    await driver.complete('XJ', port.id, passedPortChecks(importFiling().containers.map((c) => c.number)));
    const destination = await driver.task('CQ', released.id, 'destination-inspection');
    await driver.complete('CQ', destination.id, { outcome: 'pass' });
    const settled = (await driver.settled(released.id)) as { certificates?: Array<{ kind: string; serial: string }> };
    expect(settled.certificates).toEqual([expect.objectContaining({ kind: 'import-inspection-certificate', serial: expect.stringMatching(/^CQ\d{10}$/) })]);

    const rejected = await driver.file(importer, importFiling());
    const port2 = await driver.task('XJ', rejected.id, 'port-checks');
    await driver.complete('XJ', port2.id, passedPortChecks(importFiling().containers.map((c) => c.number)));
    const destination2 = await driver.task('CQ', rejected.id, 'destination-inspection');
    await driver.complete('CQ', destination2.id, { outcome: 'fail', details: { disposal: 'destroy', findings: 'live pests found' } });
    const closed = (await driver.settled(rejected.id)) as { status: string; certificates?: Array<{ id: string; kind: string }> };
    expect(closed.status).toBe('rejected');
    const [notice] = closed.certificates ?? [];
    expect(notice?.kind).toBe('disposal-notice');
    const read = await certificate(notice!.id, importer);
    expect(read.body.certificate.document.decision.outcome).toBe('rejected');
    expect(read.body.certificate.document.decision.disposal?.kind).toBe('destroy');
  });

  it('answers public verification without a token, with only what the paper shows; the issuing bureau revokes with a reason', async () => {
    const released = await releasedExport();
    const reference = released.certificates![0]!;

    const valid = await publicGet<Record<string, unknown>>(`/verify/${reference.serial}`);
    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({ serial: reference.serial, status: 'valid', kind: 'export-clearance', issuingBureau: 'ZJ' });
    // Nothing the paper does not show: no ids, officers, executions or credit codes.
    const shown = JSON.stringify(valid.body);
    expect(shown).not.toContain(released.id);
    expect(shown).not.toContain(CREDIT_CODES.yiwuExporter);
    expect(shown).not.toMatch(/officer|subject|executionArn/);

    expect((await publicGet(`/verify/XJ2016999999`)).body).toEqual({ serial: 'XJ2016999999', status: 'unknown' });

    const hq = await driver.hq();
    const before = await certificate(reference.id, hq);
    // Only an officer of the issuing bureau: not the port, not HQ, not the declarant.
    expect((await t.call('POST', `/certificates/${reference.id}/revoke`, await driver.officer('XJ'), { reason: 'issued in error' })).status).toBe(403);
    expect((await t.call('POST', `/certificates/${reference.id}/revoke`, hq, { reason: 'issued in error' })).status).toBe(403);
    const empty = await t.call<{ errors?: Array<{ path: string }> }>('POST', `/certificates/${reference.id}/revoke`, await driver.officer('ZJ'), { reason: ' ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('reason');
    expect((await certificate(reference.id, hq)).body.status).toBe(before.body.status);

    const revoked = await t.call<CertificateView>('POST', `/certificates/${reference.id}/revoke`, await driver.officer('ZJ'), { reason: 'goods substituted after release' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocation: { reason: 'goods substituted after release' } });
    expect((await t.call('POST', `/certificates/${reference.id}/revoke`, await driver.officer('ZJ'), { reason: 'again' })).status).toBe(409);

    const afterwards = await publicGet<Record<string, unknown>>(`/verify/${reference.serial}`);
    expect(afterwards.body).toMatchObject({ status: 'revoked', revocation: { reason: 'goods substituted after release' } });
    const trail = await driver.consignment(released.id);
    expect(trail.events.map((e) => e.type)).toContain('certificate-revoked');
    await driver.notices(await driver.officer('XJ'), released.id, ['certificate-revoked']);
  });

  it('shows a certificate only to those who may read its consignment', async () => {
    const released = await releasedExport();
    const reference = released.certificates![0]!;
    const stranger = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    expect((await certificate(reference.id, stranger)).status).toBe(403);
    expect((await certificate(reference.id, await driver.officer('CQ'))).status).toBe(403);
    expect((await certificate('NO-SUCH-CERTIFICATE', await driver.hq())).status).toBe(404);
  });
});
