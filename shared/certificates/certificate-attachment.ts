import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import { CERTIFICATE_ATTACHMENT_NAME, type SignedCertificate } from './signed-certificate.ts';

/** Attaches the signed certificate to its PDF as `certificate.json` (an embedded file, PDF/A-3 style). */
export async function attachSignedCertificate(doc: PDFDocument, signed: SignedCertificate, at: Date): Promise<void> {
  const json = `${JSON.stringify(signed, null, 2)}\n`;
  await doc.attach(new TextEncoder().encode(json), CERTIFICATE_ATTACHMENT_NAME, {
    mimeType: 'application/json',
    description: '签名证书数据 / signed certificate (JWS)',
    creationDate: at,
    modificationDate: at,
  });
}

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** The file specifications of a name tree node (`Names` pairs, or `Kids` recursively). */
function fileSpecs(node: PDFDict, out: Map<string, PDFDict>, depth = 0): void {
  if (depth > 16) return; // a loop in a hostile file
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const name = text(names.lookup(i));
      const spec = names.lookup(i + 1);
      if (name !== undefined && spec instanceof PDFDict) out.set(name, spec);
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) fileSpecs(kid, out, depth + 1);
  }
}

function streamBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  // pdf-lib decodes every standard filter; plain FlateDecode also goes through zlib as a fallback.
  try {
    return decodePDFRawStream(stream).decode();
  } catch (error) {
    if (filter === PDFName.of('FlateDecode')) return new Uint8Array(inflateSync(stream.contents));
    throw error;
  }
}

/** The PDF was read, but its certificate attachment is broken (not a stream, not JSON). */
export class CertificateAttachmentError extends Error {
  override name = 'CertificateAttachmentError';
}

/**
 * The signed certificate attached to a certificate PDF, parsed as JSON but not trusted:
 * `verifyCertificate` decides what it is worth. Walks the catalog's Names → EmbeddedFiles tree;
 * undefined when the PDF has no `certificate.json`. Throws what pdf-lib throws when the bytes are
 * not a PDF, and a CertificateAttachmentError when the attachment cannot be read as JSON.
 */
export async function signedCertificateFromPdf(bytes: Uint8Array): Promise<unknown> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  const embedded = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (!embedded) return undefined;
  const specs = new Map<string, PDFDict>();
  fileSpecs(embedded, specs);
  const spec = specs.get(CERTIFICATE_ATTACHMENT_NAME);
  if (!spec) return undefined;
  const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
  const stream = ef?.lookup(PDFName.of('UF')) ?? ef?.lookup(PDFName.of('F'));
  if (!(stream instanceof PDFRawStream)) throw new CertificateAttachmentError(`${CERTIFICATE_ATTACHMENT_NAME} has no embedded file stream`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(streamBytes(stream))) as unknown;
  } catch (error) {
    throw new CertificateAttachmentError(`${CERTIFICATE_ATTACHMENT_NAME} cannot be read as JSON: ${(error as Error).message}`);
  }
}
