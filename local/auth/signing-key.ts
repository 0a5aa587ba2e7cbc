import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { isInMemory } from '../json-file.ts';

/**
 * The local issuer's signing key. RS256 because that is what Cognito signs with and the only
 * family API Gateway's JWT authorizer accepts. Generated on first start and kept in
 * `DATA_DIR/auth/`, so tokens minted by `npm run token` stay valid across restarts.
 */
export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half, as published in the JWKS. */
  publicJwk: JWK;
}

export const signingKeyFile = (dataDir: string) => join(dataDir, 'auth', 'signing-key.json');

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const { kty, n, e, kid } = jwk;
  if (kty !== 'RSA' || !n || !e || !kid) throw new Error('The stored signing key is not an RSA JWK with a kid');
  return {
    kid,
    privateKey: (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey,
    publicJwk: { kty, n, e, kid, alg: SIGNING_ALGORITHM, use: 'sig' },
  };
}

async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = SIGNING_ALGORITHM;
  jwk.use = 'sig';
  return jwk;
}

/** The key kept in `dataDir`, created if missing; a fresh one for `:memory:`. */
export async function loadOrCreateSigningKey(dataDir?: string): Promise<SigningKey> {
  if (dataDir === undefined || isInMemory(dataDir)) return fromPrivateJwk(await generatePrivateJwk());
  const file = signingKeyFile(dataDir);
  try {
    return await fromPrivateJwk(JSON.parse(await readFile(file, 'utf8')) as JWK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const jwk = await generatePrivateJwk();
  await mkdir(join(dataDir, 'auth'), { recursive: true });
  try {
    // `wx`: if the token CLI and the local cloud start together, the first key written wins.
    await writeFile(file, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fromPrivateJwk(JSON.parse(await readFile(file, 'utf8')) as JWK);
  }
  return fromPrivateJwk(jwk);
}
