import { readFile } from 'node:fs/promises';
import { CertificateAttachmentError, signedCertificateFromPdf } from './certificate-attachment.ts';
import { CERTIFICATE_ATTACHMENT_NAME } from './signed-certificate.ts';
import type { CertificateProblem } from './verify-certificate.ts';

/**
 * What a file holds for the verifier:
 * - `certificate`: something to verify (from a JSON file, or the PDF's attachment);
 * - `broken`: a PDF that was read but carries no readable certificate: invalid, not unreadable;
 * - `unreadable`: no such file, or neither JSON nor PDF.
 */
export type CertificateFile =
  | { kind: 'certificate'; format: 'json' | 'pdf'; input: unknown }
  | { kind: 'broken'; format: 'pdf'; problem: CertificateProblem }
  | { kind: 'unreadable'; message: string };

const PDF_MAGIC = '%PDF-';

/** Reads a signed certificate from a `.json` file (`{ document, jws }` or a bare JWS) or a certificate PDF. */
export async function readCertificateFile(path: string): Promise<CertificateFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    return { kind: 'unreadable', message: `cannot read ${path}: ${(error as Error).message}` };
  }
  // The header may follow a little junk (the format allows 1 KB of it).
  if (Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes(PDF_MAGIC)) return fromPdf(path, bytes);
  const text = new TextDecoder('utf-8').decode(bytes).trim();
  try {
    return { kind: 'certificate', format: 'json', input: JSON.parse(text) as unknown };
  } catch {
    // A bare compact JWS, as `jq -r .jws` writes it.
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text)) return { kind: 'certificate', format: 'json', input: text };
    return { kind: 'unreadable', message: `${path} is neither JSON nor a PDF` };
  }
}

async function fromPdf(path: string, bytes: Uint8Array): Promise<CertificateFile> {
  try {
    const input = await signedCertificateFromPdf(bytes);
    if (input === undefined) {
      return { kind: 'broken', format: 'pdf', problem: { code: 'malformed', message: `the PDF has no ${CERTIFICATE_ATTACHMENT_NAME} attachment` } };
    }
    return { kind: 'certificate', format: 'pdf', input };
  } catch (error) {
    if (error instanceof CertificateAttachmentError) return { kind: 'broken', format: 'pdf', problem: { code: 'malformed', path: CERTIFICATE_ATTACHMENT_NAME, message: error.message } };
    return { kind: 'unreadable', message: `${path} cannot be read as a PDF: ${(error as Error).message}` };
  }
}
