/**
 * The local cloud as `npm start` runs it (`tsx local/start.ts`), in a child process of its own
 * process group with free ports and a DATA_DIR on disk; readiness, CPU time and memory of the
 * child and all its descendants (from /proc), the AWS service calls counted by the preload
 * `count-aws-calls.mjs`, and a stop that leaves nothing behind whatever happens.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './client.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./count-aws-calls.mjs', import.meta.url));
const CPU_PROFILE_PRELOAD = fileURLToPath(new URL('./cpu-profile.mjs', import.meta.url));

export interface CloudProcess {
  readonly pid: number;
  readonly apiUrl: string;
  readonly dataDir: string;
  readonly stdoutFile: string;
  readonly stderrFile: string;
  readonly startedInMs: number;
  /** CPU seconds (user + system, children reaped included) of the process tree now. */
  cpuSeconds(): number;
  /** The processes of the tree now: pid, command and memory figures (kB). */
  processes(): ProcessInfo[];
  /** AWS service calls the tree's servers have received, by operation (undefined when not counted). */
  awsCalls(): { total: number; counts: Record<string, number>; at: number } | undefined;
  readonly exited: boolean;
  /** SIGINT to the group (a clean stop), SIGKILL after `graceMs`. Safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
  /** The last call on the way out: SIGKILL to the group, synchronously. */
  killNow(): void;
}

export interface ProcessInfo {
  pid: number;
  command: string;
  rssKb: number;
  hwmKb: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds all processes of the machine have used since boot (user, nice, system, irq, softirq, steal). */
export function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

interface Stat {
  pid: number;
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command (field 2) is in parentheses and may contain spaces: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i] ?? 0);
    // Fields from 3 on: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
    return { pid, ppid: n(1), ticks: n(11) + n(12) + n(13) + n(14) };
  } catch {
    return undefined;
  }
}

/** The root and every descendant, from a scan of /proc. */
function tree(root: number): Stat[] {
  const all: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  const children = new Map<number, Stat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const rootStat = all.find((s) => s.pid === root);
  if (!rootStat) return [];
  const result: Stat[] = [];
  const queue = [rootStat];
  while (queue.length > 0) {
    const s = queue.shift()!;
    result.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return result;
}

function memoryOf(pid: number): { rssKb: number; hwmKb: number; command: string } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), command };
  } catch {
    return undefined;
  }
}

export async function startCloudProcess(options: { workDir: string; countCalls: boolean; readyTimeoutMs?: number; cpuProfileDir?: string }): Promise<CloudProcess> {
  const dataDir = join(options.workDir, 'data');
  const stdoutFile = join(options.workDir, 'cloud.stdout.log');
  const stderrFile = join(options.workDir, 'cloud.stderr.log');
  const callsFile = join(options.workDir, 'aws-calls.json');
  const [port, awsPort] = [await freePort(), await freePort()];
  const out = openSync(stdoutFile, 'a');
  const err = openSync(stderrFile, 'a');
  const began = performance.now();
  const nodeOptions = [
    process.env.NODE_OPTIONS,
    options.countCalls ? `--import ${PRELOAD}` : undefined,
    options.cpuProfileDir !== undefined ? `--import ${CPU_PROFILE_PRELOAD}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const child: ChildProcess = spawn(join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx'), ['local/start.ts'], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      LOCAL_AWS_PORT: String(awsPort),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      ...(nodeOptions && { NODE_OPTIONS: nodeOptions }),
      ...(options.countCalls && { BENCH_DAY_AWS_CALLS: callsFile }),
      ...(options.cpuProfileDir !== undefined && { BENCH_DAY_CPU_PROFILE: options.cpuProfileDir }),
    },
    stdio: ['ignore', out, err],
    // Its own process group: the stop signals the whole tree (tsx, node, esbuild) by group id.
    detached: true,
  });
  closeSync(out);
  closeSync(err);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the local cloud did not start (no pid)');
  let exited = false;
  let exitCode: number | null = null;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      exitCode = code ?? (signal ? -1 : null);
      resolve();
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (exited) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Gone already.
    }
  };
  let stopping: Promise<void> | undefined;
  const cloud: CloudProcess = {
    pid,
    apiUrl: `http://127.0.0.1:${port}`,
    dataDir,
    stdoutFile,
    stderrFile,
    startedInMs: 0,
    get exited() {
      return exited;
    },
    cpuSeconds: () => tree(pid).reduce((sum, s) => sum + s.ticks, 0) / CLOCK_TICKS,
    processes: () =>
      tree(pid).flatMap((s) => {
        const m = memoryOf(s.pid);
        return m ? [{ pid: s.pid, ...m }] : [];
      }),
    awsCalls: () => {
      if (!options.countCalls) return undefined;
      const counts: Record<string, number> = {};
      let total = 0;
      // The oldest snapshot of the processes says how fresh the sum is.
      let at = Number.POSITIVE_INFINITY;
      for (const name of readdirSync(options.workDir)) {
        if (!name.startsWith('aws-calls.json.') || name.endsWith('.tmp')) continue;
        try {
          const snapshot = JSON.parse(readFileSync(join(options.workDir, name), 'utf8')) as { at: number; total: number; counts: Record<string, number> };
          total += snapshot.total;
          at = Math.min(at, snapshot.at);
          for (const [op, n] of Object.entries(snapshot.counts)) counts[op] = (counts[op] ?? 0) + n;
        } catch {
          // Being replaced: the next read sees it.
        }
      }
      return { total, counts, at: Number.isFinite(at) ? at : 0 };
    },
    stop: (graceMs = 15_000) =>
      (stopping ??= (async () => {
        signalGroup('SIGINT');
        await Promise.race([exitedPromise, sleep(graceMs)]);
        // Whatever is left of the group (the tsx wrapper, esbuild's service) goes too.
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Nothing left.
        }
        await Promise.race([exitedPromise, sleep(2_000)]);
      })()),
    killNow: () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Nothing left.
      }
    },
  };

  // Ready when the start-up line is out and the HTTP API answers.
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (exited) throw new Error(`the local cloud exited during start-up (code ${String(exitCode)}); see ${stderrFile}`);
    if (Date.now() > deadline) {
      await cloud.stop(2_000);
      throw new Error(`the local cloud was not ready within ${(options.readyTimeoutMs ?? 120_000) / 1000} s; see ${stdoutFile} and ${stderrFile}`);
    }
    let ready = false;
    try {
      ready = readFileSync(stdoutFile, 'utf8').includes('Local cloud ready') && (await fetch(`${cloud.apiUrl}/health`)).ok;
    } catch {
      ready = false;
    }
    if (ready) break;
    await sleep(100);
  }
  return Object.assign(cloud, { startedInMs: performance.now() - began });
}
