import { parentPort, workerData } from 'node:worker_threads';
import type { Manifest } from '../../infra/manifest-types.ts';
import { useClock } from '../../shared/clock.ts';
import { createInProcessInvoker } from './in-process-invoker.ts';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './worker-messages.ts';

/**
 * A Lambda worker thread: the in-process invoker (warm modules, per-function environment, the
 * timeout on the handler's own time, faults) on a thread of its own, so handlers compute beside
 * the emulators instead of between them, as on AWS where each function has its own CPU.
 * `process.env` is the process's (SHARE_ENV); the clock is the cloud's line, read here.
 */
const settings = workerData as WorkerSettings & { runtime: string };
const port = parentPort;
if (!port) throw new Error('worker-runtime.ts runs in a worker thread');

const { virtualAt, realAt, scale } = settings.clock;
useClock(() => virtualAt + (Date.now() - realAt) * scale);

const environments = new Map<string, Record<string, string>>();
const invoker = createInProcessInvoker({
  manifest: settings.manifest as Pick<Manifest, 'functions'>,
  rootDir: settings.rootDir,
  environment: (name) => environments.get(name) ?? {},
  log: (line) => port.postMessage({ log: line } satisfies WorkerReply),
});

port.on('message', (request: WorkerRequest) => {
  environments.set(request.functionName, request.environment);
  invoker.invoke(request.functionNameOrArn, JSON.parse(request.payload) as unknown).then(
    (result) => port.postMessage({ id: request.id, result } satisfies WorkerReply),
    (error: unknown) => {
      const thrown = error instanceof Error ? { name: error.name, message: error.message } : { name: 'ServiceException', message: String(error) };
      port.postMessage({ id: request.id, thrown } satisfies WorkerReply);
    },
  );
});
