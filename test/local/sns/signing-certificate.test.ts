import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derInteger, selfSignedCertificate } from '#local/sns/signing-certificate.ts';

describe("the SNS signing certificate's DER", () => {
  it('encodes integers minimally: a leading zero only where the high bit needs it', () => {
    expect(derInteger(Buffer.from([0x00, 0x00, 0x12]))).toEqual(Buffer.from([0x02, 0x01, 0x12]));
    expect(derInteger(Buffer.from([0x00, 0x92]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x92]));
    expect(derInteger(Buffer.from([0x92]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x92]));
    expect(derInteger(Buffer.from([0x00]))).toEqual(Buffer.from([0x02, 0x01, 0x00]));
  });

  // One random serial in 256 starts with a zero byte the next one does not need: OpenSSL refused
  // such a certificate, and the local SNS failed its start now and then.
  it('makes a certificate OpenSSL reads whatever the serial starts with', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const first of [[0x00, 0x01], [0x00, 0x00], [0x7f, 0xff], [0xff, 0x00]]) {
      const serial = Buffer.concat([Buffer.from(first), Buffer.alloc(14, 0x5a)]);
      const pem = selfSignedCertificate(privateKey, publicKey, { commonName: 'test', hosts: ['localhost', '127.0.0.1'], now: new Date(), serial });
      const certificate = new X509Certificate(pem);
      expect(certificate.subject).toBe('CN=test');
      expect(certificate.verify(publicKey)).toBe(true);
    }
  });
});
