import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createLocalIssuer, readIssuerSettings, type TokenRequest } from '#local/auth/issuer.ts';
import { loadOrCreateSigningKey, signingKeyFile } from '#local/auth/signing-key.ts';
import { startLocalCloud } from '#local/cloud.ts';

/**
 * The system the simulation drives, always through its HTTP API: either a local cloud started
 * in this process (`--in-process`, in memory, self-contained for CI and benchmarks), or one
 * already running (`npm start`), whose tokens are minted with the signing key in its DATA_DIR,
 * as `npm run token` does.
 */
export interface Target {
  readonly mode: 'in-process' | 'running';
  readonly apiUrl: string;
  readonly timeScale: number;
  /** The system's clock (virtual epoch ms): timetables and deadlines are on it. */
  now(): number;
  token(request: TokenRequest): Promise<string>;
  /** Diagnostics the local cloud wrote (in-process only). */
  diagnostics(): string[];
  close(): Promise<void>;
}

export async function inProcessTarget(options: { timeScale: number }): Promise<Target> {
  const lines: string[] = [];
  const cloud = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, timeScale: options.timeScale, log: (line) => lines.push(line) });
  return {
    mode: 'in-process',
    apiUrl: cloud.apiUrl,
    timeScale: options.timeScale,
    now: () => cloud.clock.now(),
    token: (request) => cloud.mintToken(request),
    diagnostics: () => lines,
    close: () => cloud.close(),
  };
}

/** `DATA_DIR/clock.json` of `local/clock.ts`: the line virtual = virtualAnchor + (real − realAnchor) × scale. */
const clockSchema = z.union([
  z.object({ realAnchor: z.number(), virtualAnchor: z.number(), scale: z.number().positive() }),
  z.object({ anchor: z.number() }).transform((legacy) => ({ realAnchor: legacy.anchor, virtualAnchor: legacy.anchor, scale: undefined })),
]);

/**
 * A local cloud started by `npm start` with DATA_DIR on disk. Its virtual clock is read from the
 * anchor it keeps there, with its TIME_SCALE; `timeScale` is only needed for an older anchor file
 * without one, and must agree with it otherwise.
 */
export async function runningTarget(options: { apiUrl: string; dataDir: string; timeScale?: number; log?: (line: string) => void }): Promise<Target> {
  const { apiUrl, dataDir } = options;
  if (!existsSync(signingKeyFile(dataDir))) {
    throw new Error(`no signing key in ${dataDir}/auth: start the local cloud first (npm start), with the same DATA_DIR, or use --in-process`);
  }
  const health = await fetch(`${apiUrl}/health`).catch((error: unknown) => {
    throw new Error(`the API at ${apiUrl} does not answer (${error instanceof Error ? error.message : String(error)}): is npm start running?`);
  });
  if (!health.ok) throw new Error(`GET ${apiUrl}/health answered ${health.status}`);
  const settings = await readIssuerSettings(dataDir);
  if (!settings) throw new Error(`no issuer settings in ${dataDir}/auth: start the local cloud with this DATA_DIR first`);
  const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(dataDir), ...settings });
  const clockFile = join(dataDir, 'clock.json');
  if (!existsSync(clockFile)) throw new Error(`no ${clockFile}: start the local cloud with this DATA_DIR first`);
  const clock = clockSchema.parse(JSON.parse(readFileSync(clockFile, 'utf8')));
  const timeScale = clock.scale ?? options.timeScale ?? 1;
  if (options.timeScale !== undefined && options.timeScale !== timeScale) {
    options.log?.(`The running local cloud's TIME_SCALE is ${timeScale}, not ${options.timeScale}: simulating at ${timeScale}.`);
  }
  return {
    mode: 'running',
    apiUrl: apiUrl.replace(/\/$/, ''),
    timeScale,
    now: () => clock.virtualAnchor + (Date.now() - clock.realAnchor) * timeScale,
    token: (request) => issuer.mintToken(request),
    diagnostics: () => [],
    close: async () => {},
  };
}
