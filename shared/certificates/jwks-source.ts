import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';

/** Where the local cloud publishes the certificate keys (`npm start`). */
export const DEFAULT_JWKS_URL = 'http://127.0.0.1:3000/.well-known/certificate-keys.json';

const FETCH_TIMEOUT_MS = 10_000;

export class JwksUnavailableError extends Error {
  override name = 'JwksUnavailableError';
}

function asJwks(value: unknown, source: string): JSONWebKeySet {
  if (typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)) return value as JSONWebKeySet;
  throw new JwksUnavailableError(`${source} is not a JWKS ({ "keys": [...] })`);
}

/**
 * The published certificate keys from a file or an http(s) URL. The verifier is told where to
 * look; it never follows a URL found in the certificate, which a forger would control.
 */
export async function loadJwks(source: string): Promise<JSONWebKeySet> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    } catch (error) {
      throw new JwksUnavailableError(`cannot fetch the keys from ${source}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new JwksUnavailableError(`cannot fetch the keys from ${source}: HTTP ${response.status}`);
    try {
      return asJwks(await response.json(), source);
    } catch (error) {
      if (error instanceof JwksUnavailableError) throw error;
      throw new JwksUnavailableError(`${source} did not answer JSON`);
    }
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new JwksUnavailableError(`cannot read the keys from ${source}: ${(error as Error).message}`);
  }
  try {
    return asJwks(JSON.parse(text), source);
  } catch (error) {
    if (error instanceof JwksUnavailableError) throw error;
    throw new JwksUnavailableError(`${source} is not JSON`);
  }
}
