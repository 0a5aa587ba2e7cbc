import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { promisify } from 'node:util';
import { z } from 'zod';
import { dataFile, openJsonStore } from '../json-file.ts';

/**
 * The local SNS signing key and its self-signed X.509 certificate, as SNS publishes one at each
 * message's `SigningCertURL`: message validators (sns-validator, the AWS SDKs' validators) read
 * the public key from a certificate, not from a bare key. The same certificate serves the HTTPS
 * listener behind `SigningCertURL` (validators fetch it over HTTPS only), with names for the local
 * host; a process trusts it as it would any local CA (NODE_EXTRA_CA_CERTS=<its PEM file>).
 *
 * Node can make RSA keys but not certificates, and no X.509 library is installed, so the few
 * DER structures of one certificate (RFC 5280 §4.1) are written here. Kept in
 * `DATA_DIR/sns/signing-certificate.json` so the trust survives restarts.
 */
export interface SigningIdentity {
  privateKey: KeyObject;
  /** The certificate, PEM-encoded. */
  certificatePem: string;
  /** The private key, PEM-encoded (the HTTPS listener's key). */
  privateKeyPem: string;
}

/** Names the certificate holds: where the local endpoint is reached from this machine. */
export const CERTIFICATE_HOSTS = ['localhost', '127.0.0.1', '::1'];
const VALIDITY_YEARS = 10;

// ---- DER ----------------------------------------------------------------------------------

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: number[];
  if (n < 0x80) length = [n];
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
    length = [0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}
const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
/**
 * A non-negative DER INTEGER, minimal as DER requires: OpenSSL refuses a leading zero byte the
 * next byte does not need ("illegal padding"), which a random serial starting 0x00 would have.
 */
export function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && ((bytes[start + 1] ?? 0) & 0x80) === 0) start++;
  const body = bytes.subarray(start);
  return tlv(0x02, (body[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}
const integer = derInteger;
const NULL = Buffer.from([0x05, 0x00]);
const TRUE = tlv(0x01, Buffer.from([0xff]));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (content: Buffer) => tlv(0x04, content);
const bits = (content: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
const explicit = (tag: number, content: Buffer) => tlv(0xa0 + tag, content);

function objectId(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ), which RFC 5280 requires for dates before 2050. */
function utcTime(date: Date): Buffer {
  return tlv(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`, 'ascii'));
}

function ipBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  // Only the literal forms used here: full or `::`-compressed IPv6.
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = groups(tail);
  const all = address.includes('::') ? [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back] : front;
  return Buffer.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

const SHA256_WITH_RSA = sequence(objectId('1.2.840.113549.1.1.11'), NULL);

/** A self-signed certificate for `publicKey`, valid from a day ago for VALIDITY_YEARS. */
export function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, options: { commonName: string; hosts: string[]; now: Date; serial?: Buffer }): string {
  const name = sequence(set(sequence(objectId('2.5.4.3'), utf8(options.commonName))));
  const notBefore = new Date(options.now.getTime() - 24 * 3600_000);
  const notAfter = new Date(options.now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  const altNames = options.hosts.map((host) => (isIPv4(host) || isIPv6(host) ? tlv(0x87, ipBytes(host)) : tlv(0x82, Buffer.from(host, 'ascii'))));
  const extensions = sequence(
    // basicConstraints, critical, CA: it is its own trust anchor.
    sequence(objectId('2.5.29.19'), TRUE, octets(sequence(TRUE))),
    // subjectAltName: the names TLS checks the HTTPS listener against.
    sequence(objectId('2.5.29.17'), octets(sequence(...altNames))),
  );
  const serial = options.serial ?? randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const toBeSigned = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_WITH_RSA,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const der = sequence(toBeSigned, SHA256_WITH_RSA, bits(sign('sha256', toBeSigned, privateKey)));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// ---- the kept identity --------------------------------------------------------------------

const storedSchema = z.object({ privateKeyPem: z.string(), certificatePem: z.string() }).nullable();

/** The identity kept in `dataDir`, made on first use; a fresh one in memory. */
export async function loadOrCreateSigningIdentity(dataDir: string | undefined): Promise<SigningIdentity> {
  const file = openJsonStore(dataFile(dataDir, 'sns', 'signing-certificate.json'), storedSchema, null, { mode: 0o600 });
  if (file.loaded) {
    return { privateKey: createPrivateKey(file.loaded.privateKeyPem), privateKeyPem: file.loaded.privateKeyPem, certificatePem: file.loaded.certificatePem };
  }
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const certificatePem = selfSignedCertificate(privateKey, createPublicKey(privateKey), {
    commonName: 'Local SNS message signing',
    hosts: CERTIFICATE_HOSTS,
    now: new Date(), // TLS and validators check validity on the wall clock, not the local cloud's
  });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  file.save({ privateKeyPem, certificatePem });
  return { privateKey, privateKeyPem, certificatePem };
}
