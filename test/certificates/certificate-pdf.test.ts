import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedCertificateFromPdf } from '#shared/certificates/certificate-attachment.ts';
import { renderCertificatePdf } from '#shared/certificates/certificate-pdf.ts';
import type { SignedCertificate } from '#shared/certificates/signed-certificate.ts';
import { verificationQrText } from '#shared/certificates/verification-qr.ts';
import { verifyCertificate } from '#shared/certificates/verify-certificate.ts';
import { certificateDocumentFor } from '#shared/domain/certificates/certificate-document-for.ts';
import { goodsLine } from '../domain/fixtures.ts';
import { importConsignment, ISSUED_AT, originCertificate, signed, signer, VERIFICATION_URL } from './fixtures.ts';

const run = promisify(execFile);
let dir: string;
let certificate: SignedCertificate;
let pdf: Uint8Array;
let pdfPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certificate-pdf-'));
  certificate = await signed();
  pdf = await renderCertificatePdf(certificate, { verificationUrl: VERIFICATION_URL });
  pdfPath = join(dir, 'certificate.pdf');
  await writeFile(pdfPath, pdf);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The embedded TrueType programs (FontFile2) of a PDF, as fontkit fonts. */
async function embeddedFonts(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const fonts = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const file = object instanceof PDFDict ? object.lookup(PDFName.of('FontFile2')) : undefined;
    if (file instanceof PDFRawStream) fonts.push(fontkit.create(decodePDFRawStream(file).decode()));
  }
  return fonts;
}

describe('renderCertificatePdf', () => {
  it('has a text layer in Chinese first, then English, with the serial (pdftotext)', async () => {
    const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', '-layout', pdfPath, '-']);
    expect(stdout).toContain('入境货物检验检疫证明');
    expect(stdout).toContain('Inspection and Quarantine Certificate for Inbound Goods');
    expect(stdout.indexOf('入境货物检验检疫证明')).toBeLessThan(stdout.indexOf('Inspection and Quarantine Certificate'));
    expect(stdout).toContain('CQ2016000042');
    for (const text of ['重庆渝欧进出口有限公司', 'CSQU3054383', '847130', '准予放行', 'RELEASED', '重庆出入境检验检疫局', 'cq-officer-wang', '2016-09-03 10:15:00', '北京时间', 'UTC+08:00']) {
      expect(stdout, text).toContain(text);
    }
  });

  it('embeds its one font, Noto Sans SC, as subsets (pdffonts)', async () => {
    const { stdout } = await run('pdffonts', [pdfPath]);
    const fonts = stdout.split('\n').slice(2).filter(Boolean);
    expect(fonts).toHaveLength(2);
    for (const line of fonts) expect(line).toMatch(/^NotoSansSC-(Regular|Bold)\S* +CID TrueType +Identity-H +yes/);
    // A subset: far below the 10 MB of each font file.
    expect(pdf.length).toBeLessThan(300_000);
  });

  it('keeps every subset glyph intact (the padded loca of subsetting-fontkit.ts)', async () => {
    const fonts = await embeddedFonts(pdf);
    expect(fonts).toHaveLength(2);
    for (const font of fonts) {
      const broken: number[] = [];
      const empty: number[] = [];
      for (let id = 1; id < font.numGlyphs; id++) {
        try {
          if (font.getGlyph(id).path.toSVG() === '') empty.push(id);
        } catch {
          broken.push(id);
        }
      }
      expect(broken).toEqual([]);
      // Only the space is blank.
      expect(empty.length).toBeLessThanOrEqual(1);
    }
  });

  it('renders page 1 to an image (pdftoppm)', async () => {
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfPath, join(dir, 'page')]);
    const [png] = (await readdir(dir)).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(png).toBeDefined();
    const image = await readFile(join(dir, png ?? ''));
    expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // A4 at 60 dpi: 496.07 × 701.6 pixels, rounded up (IHDR width and height).
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([497, 702]);
    // And it is not blank: text and rules ink a few percent of the page (grey map, P5).
    await run('pdftoppm', ['-gray', '-r', '60', '-f', '1', '-l', '1', pdfPath, join(dir, 'grey')]);
    const [pgm] = (await readdir(dir)).filter((f) => f.startsWith('grey'));
    const grey = await readFile(join(dir, pgm ?? ''));
    const pixels = grey.subarray(grey.length - 497 * 702);
    const ink = pixels.filter((value) => value < 128).length / pixels.length;
    expect(ink).toBeGreaterThan(0.02);
  });

  it('sets title and subject, and attaches the signed certificate, which verifies', async () => {
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe('入境货物检验检疫证明 Inspection and Quarantine Certificate for Inbound Goods CQ2016000042');
    expect(doc.getSubject()).toContain('CQ2016000042');
    const attached = await signedCertificateFromPdf(pdf);
    expect(attached).toEqual(certificate);
    expect(await verifyCertificate(attached, await signer.publicJwks())).toMatchObject({ valid: true, serial: 'CQ2016000042' });
    const { stdout } = await run('pdfdetach', ['-list', pdfPath]);
    expect(stdout).toContain('certificate.json');
  });

  it('puts the verification URL and the signature in the QR code', () => {
    const signature = certificate.jws.split('.')[2];
    expect(verificationQrText(VERIFICATION_URL, certificate.jws)).toBe(`${VERIFICATION_URL}#sig=${signature}`);
    expect(signature).toHaveLength(86);
    expect(() => verificationQrText(`${VERIFICATION_URL}#x`, certificate.jws)).toThrow(/fragment/);
  });

  it('runs a long goods list over pages, each with the serial and its page number', async () => {
    const consignment = importConsignment({
      goods: Array.from({ length: 50 }, (_, i) => goodsLine({ description: `第 ${i + 1} 项 便携式计算机及配件 portable computers and accessories, line ${i + 1}`, quantity: 100 + i })),
    });
    const long = await signed(certificateDocumentFor({ kind: 'import-inspection-certificate', id: 'long', serial: 'CQ2016000044', issuedAt: ISSUED_AT, issuingBureau: 'CQ', consignment }));
    const path = join(dir, 'long.pdf');
    await writeFile(path, await renderCertificatePdf(long, { verificationUrl: VERIFICATION_URL }));
    const { stdout } = await run('pdftotext', ['-layout', path, '-']);
    const pages = stdout.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(page).toContain('CQ2016000044');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    for (let line = 1; line <= 50; line++) expect(stdout).toContain(`line ${line}`);
    expect(pages.at(-1)).toContain('签证官员');
  });

  it('renders a certificate of origin with its form and criteria', async () => {
    const origin = await signed(originCertificate());
    const path = join(dir, 'origin.pdf');
    await writeFile(path, await renderCertificatePdf(origin, { verificationUrl: VERIFICATION_URL }));
    const { stdout } = await run('pdftotext', ['-layout', path, '-']);
    for (const text of ['中国—格鲁吉亚自由贸易协定原产地证书', 'ZJ2016000007', '原产地标准', 'PSR RVC 45%', 'YW-2016-0815', '兹证明']) expect(stdout, text).toContain(text);
  });
});
