import { compactVerify, decodeProtectedHeader, errors, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { certificateDocumentSchema, type CertificateDocument } from '../domain/certificates/certificate-document.ts';
import { fromBase64url } from './base64url.ts';
import { jsonDifferences, showJson } from './json-diff.ts';
import { CERTIFICATE_JWS_ALGORITHM, CERTIFICATE_JWS_TYPE } from './signed-certificate.ts';

export const CERTIFICATE_PROBLEM_CODES = ['malformed', 'unknown-key', 'bad-signature', 'content-mismatch', 'schema'] as const;
export type CertificateProblemCode = (typeof CERTIFICATE_PROBLEM_CODES)[number];

/**
 * What is wrong with a certificate:
 * - `malformed`: not a signed certificate at all (no JWS, not ES256, not ours, payload not JSON);
 * - `unknown-key`: signed with a key the JWKS does not hold (not ours, or withdrawn);
 * - `bad-signature`: the signature does not match: the signed content or the header was altered;
 * - `content-mismatch`: the signature holds but the readable `document` says something else at
 *   `path` than what was signed;
 * - `schema`: signed, but not a certificate document this verifier knows (`path` says where).
 */
export interface CertificateProblem {
  code: CertificateProblemCode;
  path?: string;
  message: string;
}

export interface CertificateVerification {
  valid: boolean;
  /** The signed serial when the payload could be read (whether or not it verified), else the readable one. */
  serial?: string;
  /** The key the JWS names. */
  kid?: string;
  /**
   * The signed document, when the signature verified and it is a certificate document: what the
   * issuing bureau signed, even when the readable copy beside it was altered.
   */
  document?: CertificateDocument;
  problems: CertificateProblem[];
}

const MAX_MISMATCHES = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function serialOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.serial === 'string' ? value.serial : undefined;
}

/** The signed payload as JSON, read without trusting it (for reporting which certificate failed). */
function readPayload(segment: string): { ok: true; value: unknown } | { ok: false } {
  const bytes = fromBase64url(segment);
  if (!bytes) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

function verdict(problems: CertificateProblem[], serial: string | undefined, kid: string | undefined): CertificateVerification {
  return { valid: problems.length === 0, ...(serial !== undefined && { serial }), ...(kid !== undefined && { kid }), problems };
}

/**
 * Verifies a signed certificate (`{ document, jws }`, or a bare JWS string) against a JWKS,
 * offline. Trusts nothing in the input: the key comes from the JWKS by the header's `kid`, and
 * only ES256 with the certificate `typ` is accepted. Tampering is reported where it is: a
 * signature that fails means the signed content changed; a signature that holds with a
 * readable document that differs gives one problem per differing path.
 */
export async function verifyCertificate(input: unknown, jwks: JSONWebKeySet): Promise<CertificateVerification> {
  let jws: string;
  let readable: { present: boolean; value?: unknown } = { present: false };
  if (typeof input === 'string') jws = input.trim();
  else if (isRecord(input) && typeof input.jws === 'string') {
    jws = input.jws;
    if (Object.hasOwn(input, 'document')) readable = { present: true, value: input.document };
  } else {
    return verdict([{ code: 'malformed', message: 'expected a signed certificate: { "document": {...}, "jws": "<compact JWS>" }' }], serialOf(isRecord(input) ? input.document : undefined), undefined);
  }

  const readableSerial = readable.present ? serialOf(readable.value) : undefined;
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((p) => fromBase64url(p) === undefined)) {
    return verdict([{ code: 'malformed', path: 'jws', message: 'jws is not a compact JWS (three base64url parts)' }], readableSerial, undefined);
  }
  const [, payloadSegment = ''] = parts;
  const unverified = readPayload(payloadSegment);
  const serial = (unverified.ok ? serialOf(unverified.value) : undefined) ?? readableSerial;

  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return verdict([{ code: 'malformed', path: 'jws', message: 'the JWS protected header is not JSON' }], serial, undefined);
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const headerProblems: CertificateProblem[] = [];
  if (header.alg !== CERTIFICATE_JWS_ALGORITHM) headerProblems.push({ code: 'malformed', path: 'jws', message: `alg is ${showJson(header.alg)}, certificates are signed with ES256` });
  if (header.typ !== CERTIFICATE_JWS_TYPE) headerProblems.push({ code: 'malformed', path: 'jws', message: `typ is ${showJson(header.typ)}, a certificate's is ${CERTIFICATE_JWS_TYPE}` });
  if (kid === undefined) headerProblems.push({ code: 'malformed', path: 'jws', message: 'the JWS header names no key (kid)' });
  if (headerProblems.length > 0 || kid === undefined) return verdict(headerProblems, serial, kid);

  const jwk: JWK | undefined = (Array.isArray(jwks?.keys) ? jwks.keys : []).find((k) => k.kid === kid && k.kty === 'EC' && k.crv === 'P-256');
  if (!jwk) return verdict([{ code: 'unknown-key', path: 'jws', message: `key ${kid} is not among the published certificate keys` }], serial, kid);

  let payload: Uint8Array;
  try {
    const key = await importJWK({ ...jwk, alg: CERTIFICATE_JWS_ALGORITHM }, CERTIFICATE_JWS_ALGORITHM);
    ({ payload } = await compactVerify(jws, key, { algorithms: [CERTIFICATE_JWS_ALGORITHM] }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return verdict([{ code: 'bad-signature', path: 'jws', message: 'the signature does not match: the signed content or its header was altered' }], serial, kid);
    }
    return verdict([{ code: 'malformed', path: 'jws', message: `the JWS cannot be verified: ${(error as Error).message}` }], serial, kid);
  }

  let signed: unknown;
  try {
    signed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return verdict([{ code: 'malformed', path: 'jws', message: 'the signed payload is not UTF-8 JSON' }], serial, kid);
  }

  const problems: CertificateProblem[] = [];
  const schema = certificateDocumentSchema.safeParse(signed);
  if (!schema.success) {
    for (const issue of schema.error.issues) {
      problems.push({ code: 'schema', path: formatPath(issue.path), message: issue.message });
    }
  }
  if (readable.present) {
    const differences = jsonDifferences(signed, readable.value, MAX_MISMATCHES);
    for (const d of differences) {
      problems.push({ code: 'content-mismatch', path: d.path, message: `${d.path}: signed ${showJson(d.signed)}, found ${showJson(d.found)}` });
    }
    if (differences.length === MAX_MISMATCHES) {
      problems.push({ code: 'content-mismatch', message: `more than ${MAX_MISMATCHES} differences; the rest are not listed` });
    }
  }
  return { ...verdict(problems, serialOf(signed) ?? serial, kid), ...(schema.success && { document: signed as CertificateDocument }) };
}

/** A zod issue path in the notation of the content-mismatch problems. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(document)';
}
