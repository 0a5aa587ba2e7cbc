import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64url } from '#shared/certificates/base64url.ts';
import { canonicalJson } from '#shared/certificates/canonical-json.ts';
import { KeyCertificateSigner } from '#shared/certificates/key-certificate-signer.ts';
import { signCertificate } from '#shared/certificates/sign-certificate.ts';
import { CERTIFICATE_JWS_TYPE } from '#shared/certificates/signed-certificate.ts';
import { verifyCertificate } from '#shared/certificates/verify-certificate.ts';
import { importCertificate, originCertificate, signed, signer, withPayloadByteChanged } from './fixtures.ts';

/** A JWS over any payload with the certificate header, as a signer holding the key could make. */
async function rawJws(payload: string, header: Record<string, unknown> = {}): Promise<string> {
  const h = base64url(JSON.stringify({ alg: 'ES256', kid: await signer.kid(), typ: CERTIFICATE_JWS_TYPE, ...header }));
  const input = `${h}.${base64url(payload)}`;
  const { signature } = await signer.sign(new TextEncoder().encode(input));
  return `${input}.${base64url(signature)}`;
}

describe('signCertificate', () => {
  it('makes a compact ES256 JWS over the RFC 8785 canonical document, verifiable with any JOSE library', async () => {
    const certificate = await signed();
    expect(decodeProtectedHeader(certificate.jws)).toEqual({ alg: 'ES256', kid: await signer.kid(), typ: CERTIFICATE_JWS_TYPE });
    const { payload } = await compactVerify(certificate.jws, createLocalJWKSet(await signer.publicJwks()));
    const text = new TextDecoder().decode(payload);
    expect(text).toBe(canonicalJson(importCertificate()));
    expect(JSON.parse(text)).toEqual(certificate.document);
    // Canonical: sorted members, no whitespace.
    expect(text.startsWith('{"consignee":')).toBe(true);
    expect(text).not.toMatch(/\n|": /);
  });

  it('publishes the key under its RFC 7638 thumbprint', async () => {
    const { keys } = await signer.publicJwks();
    expect(keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: await signer.kid() })]);
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('refuses to sign an invalid document', async () => {
    const doc = importCertificate();
    await expect(signCertificate({ ...doc, serial: 'nonsense' }, signer)).rejects.toThrow(/refusing to sign.*serial/);
  });
});

describe('verifyCertificate', () => {
  it('accepts what was signed, JSON round trip included, and returns the signed document', async () => {
    const certificate = await signed(originCertificate());
    const result = await verifyCertificate(JSON.parse(JSON.stringify(certificate)), await signer.publicJwks());
    expect(result).toEqual({ valid: true, serial: 'ZJ2016000007', kid: await signer.kid(), document: certificate.document, problems: [] });
  });

  it('accepts a bare JWS (the signed payload is the document)', async () => {
    const certificate = await signed();
    expect(await verifyCertificate(certificate.jws, await signer.publicJwks())).toMatchObject({ valid: true, serial: 'CQ2016000042' });
  });

  it('reports one changed byte in the signed payload as a bad signature', async () => {
    const certificate = await signed();
    const result = await verifyCertificate({ ...certificate, jws: withPayloadByteChanged(certificate.jws) }, await signer.publicJwks());
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'bad-signature', path: 'jws' })]);
    expect(result.document).toBeUndefined();
  });

  it('reports a changed signature or header as a bad signature', async () => {
    const certificate = await signed();
    const [h, p, s = ''] = certificate.jws.split('.');
    const otherSignature = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    expect((await verifyCertificate({ ...certificate, jws: otherSignature }, await signer.publicJwks())).problems).toMatchObject([{ code: 'bad-signature' }]);
    const otherHeader = `${base64url(JSON.stringify({ alg: 'ES256', kid: await signer.kid(), typ: CERTIFICATE_JWS_TYPE, x: 1 }))}.${p}.${s}`;
    expect((await verifyCertificate({ ...certificate, jws: otherHeader }, await signer.publicJwks())).problems).toMatchObject([{ code: 'bad-signature' }]);
  });

  it('reports a readable field that differs from the signed one, naming its path and both values', async () => {
    const certificate = await signed();
    const altered = structuredClone(certificate);
    const line = altered.document.goods[0];
    if (!line) throw new Error('fixture has goods');
    line.quantity = 501;
    altered.document.consignee.name = '别的公司';
    delete altered.document.officer;
    const result = await verifyCertificate(altered, await signer.publicJwks());
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      { code: 'content-mismatch', path: 'consignee.name', message: 'consignee.name: signed "重庆渝欧进出口有限公司", found "别的公司"' },
      { code: 'content-mismatch', path: 'goods[0].quantity', message: 'goods[0].quantity: signed 500, found 501' },
      { code: 'content-mismatch', path: 'officer', message: 'officer: signed {"subject":"cq-officer-wang"}, found nothing' },
    ]);
    // The authentic content is still there to show what was issued.
    expect(result.document?.goods[0]?.quantity).toBe(500);
  });

  it('names a line added to the readable copy', async () => {
    const certificate = await signed();
    const altered = structuredClone(certificate);
    const first = altered.document.goods[0];
    if (!first) throw new Error('fixture has goods');
    altered.document.goods.push({ ...first, sequence: 3 });
    const result = await verifyCertificate(altered, await signer.publicJwks());
    expect(result.problems).toEqual([expect.objectContaining({ code: 'content-mismatch', path: 'goods[2]', message: expect.stringMatching(/^goods\[2\]: signed nothing, found \{/) })]);
  });

  it('reports a key the JWKS does not hold', async () => {
    const certificate = await signed();
    const other = KeyCertificateSigner.generate();
    const result = await verifyCertificate(certificate, await other.publicJwks());
    expect(result).toMatchObject({ valid: false, serial: 'CQ2016000042', kid: await signer.kid(), problems: [{ code: 'unknown-key' }] });
    expect(result.problems[0]?.message).toContain(await signer.kid());
    expect((await verifyCertificate(certificate, { keys: [] })).problems).toMatchObject([{ code: 'unknown-key' }]);
  });

  it('reports a key substituted under our kid as a bad signature', async () => {
    const certificate = await signed();
    const impostor = KeyCertificateSigner.generate();
    const [jwk] = (await impostor.publicJwks()).keys;
    const result = await verifyCertificate(certificate, { keys: [{ ...jwk, kid: await signer.kid() }] });
    expect(result.problems).toMatchObject([{ code: 'bad-signature' }]);
  });

  it('reports what is not a signed certificate as malformed', async () => {
    const jwks = await signer.publicJwks();
    for (const input of [null, 42, {}, { document: importCertificate() }, { jws: 'a.b' }, { jws: 'not base64!.x.y' }, 'x.y.z']) {
      const result = await verifyCertificate(input, jwks);
      expect(result.valid, JSON.stringify(input)).toBe(false);
      expect(result.problems.map((p) => p.code), JSON.stringify(input)).toEqual(['malformed']);
    }
  });

  it('accepts only ES256 with the certificate typ', async () => {
    const payload = canonicalJson(importCertificate());
    const jwks = await signer.publicJwks();
    expect((await verifyCertificate(await rawJws(payload, { typ: 'JWT' }), jwks)).problems).toMatchObject([{ code: 'malformed', message: expect.stringMatching(/typ/) }]);
    expect((await verifyCertificate(await rawJws(payload, { alg: 'none' }), jwks)).problems).toMatchObject([{ code: 'malformed', message: expect.stringMatching(/alg/) }]);
    expect((await verifyCertificate(await rawJws(payload, { kid: undefined }), jwks)).problems).toMatchObject([{ code: 'malformed', message: expect.stringMatching(/kid/) }]);
  });

  it('reports a signed payload that is not a certificate document, by path', async () => {
    const jwks = await signer.publicJwks();
    const doc = importCertificate();
    const result = await verifyCertificate(await rawJws(canonicalJson({ ...doc, serial: 'CQ20160000' })), jwks);
    expect(result).toMatchObject({ valid: false, problems: [{ code: 'schema', path: 'serial' }] });
    expect((await verifyCertificate(await rawJws('not json'), jwks)).problems).toMatchObject([{ code: 'malformed', message: expect.stringMatching(/not UTF-8 JSON/) }]);
  });
});
