import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `npm start` as a person runs it (`local/start.ts`, in its own process, on a data dir on disk),
 * with the addresses and the console login links it prints. `node --import tsx` rather than the
 * tsx binary: one process, so stopping it leaves nothing behind.
 */
export interface NpmStart {
  apiUrl: string;
  /** The local AWS endpoint (AWS_ENDPOINT_URL for the emulated services). */
  awsUrl: string;
  /** The printed login links by persona: declarant, port officer, destination officer, HQ. */
  loginLinks: Record<'declarant' | 'portOfficer' | 'destinationOfficer' | 'hq', string>;
  /** `signal` (SIGTERM by default), SIGKILL after 10 s; the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const PERSONAS = { declarant: /^declarant\b/, portOfficer: /^port officer\b/, destinationOfficer: /^destination officer\b/, hq: /^HQ\b/ } as const;

/** `npm start`'s environment: free ports, `dataDir`, real time, and none of the caller's AWS endpoints or profile. */
export function npmStartEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOCAL_AWS_PORT: '0', DATA_DIR: dataDir, TIME_SCALE: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_ENDPOINT_URL') || name === 'AWS_PROFILE') delete env[name];
  return env;
}

export async function startNpmStart(dataDir: string): Promise<NpmStart> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { env: npmStartEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    return exited;
  };
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const printed = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no login links within 90 s:\n${output}`)), 90_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // The links come last, each on its line, then an empty line.
        if (/signed in as:\n(?:.*#token=\S+\n){4}/.test(output)) {
          clearTimeout(timer);
          resolve(output);
        }
      });
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
    });
    const apiUrl = /HTTP API\s+(http:\/\/\S+)/.exec(printed)?.[1];
    const awsUrl = /AWS endpoint\s+(http:\/\/\S+)/.exec(printed)?.[1];
    const lines = printed.slice(printed.indexOf('signed in as:')).split('\n').slice(1, 5).map((line) => line.trim());
    const link = (persona: RegExp) => {
      const found = lines.find((line) => persona.test(line))?.match(/(http:\/\/\S+#token=\S+)$/)?.[1];
      if (!found) throw new Error(`npm start printed no login link for ${persona}:\n${printed}`);
      return found;
    };
    if (!apiUrl || !awsUrl) throw new Error(`npm start printed no HTTP API or AWS endpoint address:\n${printed}`);
    return {
      apiUrl,
      awsUrl,
      loginLinks: { declarant: link(PERSONAS.declarant), portOfficer: link(PERSONAS.portOfficer), destinationOfficer: link(PERSONAS.destinationOfficer), hq: link(PERSONAS.hq) },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The token a login link carries. */
export const tokenOf = (link: string): string => decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
