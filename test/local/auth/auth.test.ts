import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, writeIssuerSettings } from '#local/auth/issuer.ts';
import { loadOrCreateSigningKey, signingKeyFile } from '#local/auth/signing-key.ts';
import { callerFromClaims, jwtClaimsSchema } from '#shared/auth/claims.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'auth-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const CREDIT_CODE = '91650100MA77XY312P';

describe('local issuer (Cognito-shaped ID tokens)', () => {
  it('mints tokens that carry exactly Cognito’s claims, signed RS256 with a kid from the JWKS', async () => {
    const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(':memory:'), issuer: 'http://127.0.0.1:3000' });
    const token = await issuer.mintToken({ bureau: 'XJ', role: 'declarant', enterprise: CREDIT_CODE });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), { issuer: 'http://127.0.0.1:3000', audience: issuer.audience });
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: issuer.jwks().keys[0]?.kid });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'auth_time', 'cognito:username', 'custom:bureau', 'custom:enterprise', 'custom:role', 'exp', 'iat', 'iss', 'jti', 'sub', 'token_use'].sort());
    expect(payload).toMatchObject({ token_use: 'id', 'custom:bureau': 'XJ', 'custom:role': 'declarant', 'custom:enterprise': CREDIT_CODE });
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    // The same person gets the same sub, as in a user pool.
    expect(decodeJwt(await issuer.mintToken({ bureau: 'XJ', role: 'declarant', enterprise: CREDIT_CODE })).sub).toBe(payload.sub);
    expect(issuer.openIdConfiguration()).toMatchObject({ issuer: 'http://127.0.0.1:3000', jwks_uri: 'http://127.0.0.1:3000/.well-known/jwks.json' });
  });

  it('refuses to mint an identity the rules forbid: a declarant without an enterprise, a malformed credit code or bureau', async () => {
    const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(':memory:'), issuer: 'http://x' });
    await expect(issuer.mintToken({ bureau: 'XJ', role: 'declarant' })).rejects.toThrow(/enterprise/);
    await expect(issuer.mintToken({ bureau: 'XJ', role: 'declarant', enterprise: '123' })).rejects.toThrow(/credit code/);
    await expect(issuer.mintToken({ bureau: 'xinjiang bureau', role: 'officer' })).rejects.toThrow(/bureau code/);
  });

  it('keeps the signing key in DATA_DIR (owner-only) and loads the same key on the next start', async () => {
    const first = await loadOrCreateSigningKey(dataDir);
    const second = await loadOrCreateSigningKey(dataDir);
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect(statSync(signingKeyFile(dataDir)).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateSigningKey(':memory:')).kid).not.toBe(first.kid);
  });
});

describe('caller identity from claims (shared/auth/claims.ts)', () => {
  it('reads bureau, role, enterprise and subject from API Gateway’s stringified claims', () => {
    expect(callerFromClaims({ sub: 'u-1', 'custom:bureau': 'NM', 'custom:role': 'officer', exp: '1700000000', 'cognito:username': 'x' })).toEqual({ subject: 'u-1', bureau: 'NM', role: 'officer' });
    expect(callerFromClaims({ sub: 'u-2', 'custom:bureau': 'NM', 'custom:role': 'declarant', 'custom:enterprise': CREDIT_CODE })).toEqual({ subject: 'u-2', bureau: 'NM', role: 'declarant', enterprise: CREDIT_CODE });
  });

  it('rejects unknown roles and declarants without an enterprise', () => {
    expect(jwtClaimsSchema.safeParse({ sub: 'u', 'custom:bureau': 'NM', 'custom:role': 'admin' }).success).toBe(false);
    expect(jwtClaimsSchema.safeParse({ sub: 'u', 'custom:bureau': 'NM', 'custom:role': 'declarant', 'custom:enterprise': '' }).success).toBe(false);
    expect(jwtClaimsSchema.safeParse({ 'custom:bureau': 'NM', 'custom:role': 'hq' }).success).toBe(false);
  });
});

describe('token CLI (npm run --silent token)', () => {
  const run = promisify(execFile);

  it('prints only a JWT, signed with the DATA_DIR key, for the issuer the running cloud recorded', async () => {
    await writeIssuerSettings(dataDir, { issuer: 'http://127.0.0.1:45678', audience: 'cr-express-local' });
    const { stdout } = await run('npx', ['tsx', 'local/auth/token-cli.ts', '--bureau', 'NM', '--role', 'declarant', '--enterprise', CREDIT_CODE], { env: { ...process.env, DATA_DIR: dataDir } });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = stdout.trim();
    const key = await loadOrCreateSigningKey(dataDir);
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), { issuer: 'http://127.0.0.1:45678', audience: 'cr-express-local' });
    expect(payload).toMatchObject({ 'custom:bureau': 'NM', 'custom:role': 'declarant', 'custom:enterprise': CREDIT_CODE });
    expect(decodeProtectedHeader(token).kid).toBe(key.kid);
  });

  it('exits 2 with a usage message and no token on bad arguments', async () => {
    const failure = await run('npx', ['tsx', 'local/auth/token-cli.ts', '--bureau', 'NM', '--role', 'declarant'], { env: { ...process.env, DATA_DIR: dataDir } }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    expect((failure as { stderr: string }).stderr).toMatch(/enterprise/);
  });
});
