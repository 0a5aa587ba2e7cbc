import { afterAll, beforeAll } from 'vitest';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';
import type { TokenRequest } from '#local/auth/issuer.ts';

/**
 * One real local cloud per test file (in memory, ephemeral ports), driven over HTTP with real
 * tokens, as a bureau's system would drive the API.
 */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  body: T;
}

export interface TestCloud {
  cloud: LocalCloud;
  token(request: TokenRequest): Promise<string>;
  call<T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

export function useTestCloud(options: { timeScale?: number } = {}): TestCloud {
  const state = {} as TestCloud;
  beforeAll(async () => {
    // The handlers' access lines and EMF metrics would bury the test output; a test that reads
    // them sets these variables before the cloud starts (test/e2e/observability.test.ts).
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    const cloud = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, timeScale: options.timeScale ?? 1, log: () => {} });
    state.cloud = cloud;
    state.token = (request) => cloud.mintToken(request);
    state.call = async (method, path, token, body, headers = {}) => {
      const response = await fetch(cloud.apiUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
    };
  });
  afterAll(async () => {
    await state.cloud?.close();
  });
  return state;
}

/** Polls until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
