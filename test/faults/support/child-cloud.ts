import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalIssuer, readIssuerSettings, type TokenRequest } from '#local/auth/issuer.ts';
import { loadOrCreateSigningKey } from '#local/auth/signing-key.ts';

/**
 * The local cloud as `npm start` runs it, in a child process on a data directory on disk, so that
 * it can be killed with SIGKILL at any moment and started again on the same state. Tokens are
 * minted the way `npm run token` mints them (the signing key and issuer in DATA_DIR); the
 * subject of a caller is stable, so a keyed retry after a restart is the same caller's.
 *
 * Every child started is killed when the test file ends (`stopAllChildren`, and on the worker's
 * exit as a last resort): nothing is left running.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const running = new Set<ChildProcess>();

const killRunning = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.on('exit', killRunning);
// A worker stopped by a signal runs no 'exit' listeners: kill the children, then stop as the signal asks.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killRunning();
    process.kill(process.pid, signal);
  });
}

export interface ChildCloud {
  readonly apiUrl: string;
  readonly dataDir: string;
  readonly pid: number;
  /** Lines the child wrote to stderr (its diagnostics, injected faults). */
  readonly stderr: string[];
  /** The last lines it wrote to stdout (access log). */
  tail(): string[];
  token(request: TokenRequest): Promise<string>;
  /** SIGKILL, no warning; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), SIGKILL after 15 s. */
  stop(): Promise<void>;
  readonly exited: boolean;
}

export interface ChildCloudOptions {
  dataDir: string;
  timeScale?: number;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function makeDataDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `faults-${label}-`));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * The environment `npm start` would get: the worker's, without what vitest sets for itself and
 * without AWS settings (the local cloud sets its own), and without LOCAL_FAULTS unless asked.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(AWS_|VITEST|LOCAL_FAULTS)/.test(name) || name === 'TEST' || (name === 'NODE_ENV' && value === 'test')) continue;
    env[name] = value;
  }
  return env;
}

export async function startChildCloud(options: ChildCloudOptions): Promise<ChildCloud> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    env: {
      ...childEnvironment(),
      PORT: '0',
      LOCAL_AWS_PORT: '0',
      DATA_DIR: options.dataDir,
      TIME_SCALE: String(options.timeScale ?? 1),
      NODE_NO_WARNINGS: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    });
  });

  const stdoutTail: string[] = [];
  const stderr: string[] = [];
  let apiUrl: string | undefined;
  let ready: (() => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  const isReady = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  let stdoutRest = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    stdoutRest += chunk;
    const lines = stdoutRest.split('\n');
    stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      stdoutTail.push(line);
      if (stdoutTail.length > 200) stdoutTail.shift();
      const match = /^\s+HTTP API\s+(http:\/\/\S+)/.exec(line);
      if (match) apiUrl = match[1];
      if (line.startsWith('Get a token') && apiUrl) ready?.();
    }
  });
  let stderrRest = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrRest += chunk;
    const lines = stderrRest.split('\n');
    stderrRest = lines.pop() ?? '';
    stderr.push(...lines);
  });
  void exit.then(() => failed?.(new Error(`the local cloud exited before it was ready:\n${stderr.slice(-20).join('\n')}`)));

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      isReady,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the local cloud did not start within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exit;
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const settings = await readIssuerSettings(options.dataDir);
  if (!settings || settings.issuer !== apiUrl) throw new Error(`issuer settings in ${options.dataDir} do not name ${apiUrl}`);
  const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(options.dataDir), ...settings });
  const tokens = new Map<string, Promise<string>>();

  return {
    apiUrl: apiUrl!,
    dataDir: options.dataDir,
    pid: child.pid!,
    stderr,
    tail: () => [...stdoutTail],
    token(request) {
      const key = JSON.stringify(request);
      let token = tokens.get(key);
      if (!token) tokens.set(key, (token = issuer.mintToken({ ...request, expiresInSeconds: 6 * 3600 })));
      return token;
    },
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
    get exited() {
      return exited;
    },
  };
}

/** Kills every child this worker started that is still running (afterAll / onTestFinished). */
export async function stopAllChildren(): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve)))));
}
