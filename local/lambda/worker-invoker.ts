import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { Clock } from '../clock.ts';
import { lambdaArn } from '../arns.ts';
import { LambdaServiceError } from './errors.ts';
import { createInFlight } from './in-flight.ts';
import { functionNameOf, REPOSITORY_ROOT, type InProcessInvoker, type InProcessInvokerOptions } from './in-process-invoker.ts';
import type { LambdaInvocationResult } from './invoker-types.ts';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './worker-messages.ts';

export interface WorkerInvoker extends InProcessInvoker {
  /** Stops the threads (after `drain`: invocations still running are failed). */
  close(): Promise<void>;
}

interface Pending {
  resolve: (result: LambdaInvocationResult) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
const RUNTIME = new URL('./worker-runtime.ts', import.meta.url).href;

/** The clock's line through one real millisecond, read twice until no millisecond passed between. */
function clockLine(clock: Clock): WorkerSettings['clock'] {
  for (;;) {
    const realAt = Date.now();
    const virtualAt = clock.now();
    if (Date.now() === realAt) return { virtualAt, realAt, scale: clock.scale };
  }
}

const serviceError = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * Runs the manifest's handlers on `workers` worker threads (each a warm in-process invoker, see
 * worker-runtime.ts), the least busy thread taking each invocation, while the emulators keep the
 * main thread: on a machine with two cores the handlers no longer wait for DynamoDB's and the
 * engine's turns on one event loop, nor these for theirs. The answers are those of the
 * in-process invoker, whose checks and timeouts run on the thread.
 */
export function createWorkerInvoker(options: InProcessInvokerOptions & { workers: number; clock: Clock }): WorkerInvoker {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const settings: WorkerSettings & { runtime: string } = {
    manifest: { functions: options.manifest.functions },
    rootDir: options.rootDir ?? REPOSITORY_ROOT,
    clock: clockLine(options.clock),
    runtime: RUNTIME,
  };
  let closing = false;
  let nextId = 1;
  const inFlight = createInFlight();

  function start(): Thread {
    const thread: Thread = { worker: new Worker(ENTRY, { env: SHARE_ENV, workerData: settings }), pending: new Map() };
    thread.worker.unref();
    thread.worker.on('message', (reply: WorkerReply) => {
      if ('log' in reply) return log(reply.log);
      const waiting = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if ('result' in reply) waiting?.resolve(reply.result);
      else waiting?.reject(serviceError(reply.thrown.name, reply.thrown.message));
    });
    const lost = (why: string) => {
      // A thread that died takes its invocations with it, as a crashed sandbox does: the Lambda
      // service answers them with a retryable error, and a new thread takes the next ones.
      for (const waiting of thread.pending.values()) waiting.reject(serviceError('ServiceException', `The Lambda worker thread stopped: ${why}`));
      thread.pending.clear();
      const index = threads.indexOf(thread);
      if (index >= 0 && !closing) {
        log(`[lambda-workers] worker thread stopped (${why}); starting another`);
        threads[index] = start();
      }
    };
    thread.worker.on('error', (error) => lost(error.message));
    thread.worker.on('exit', (code) => lost(`exit code ${code}`));
    return thread;
  }

  const threads: Thread[] = Array.from({ length: Math.max(1, options.workers) }, start);

  async function send(functionNameOrArn: string, event: unknown): Promise<LambdaInvocationResult> {
    const functionName = functionNameOf(functionNameOrArn);
    const spec = options.manifest.functions[functionName];
    if (!spec) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${lambdaArn(functionName)}`);
    let payload: string;
    try {
      payload = JSON.stringify(event ?? {}) ?? 'null';
    } catch {
      throw new LambdaServiceError('InvalidRequestContentException', 'Could not parse request body into json');
    }
    const environment = options.environment ? options.environment(functionName) : (spec.environment ?? {});
    const thread = threads.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, functionNameOrArn, functionName, environment, payload } satisfies WorkerRequest);
    });
  }

  return {
    invoke: (nameOrArn: string, payload: unknown) => inFlight.track(send(nameOrArn, payload)),
    drain: inFlight.drain,
    functionArn: (functionName: string) => lambdaArn(functionName),
    functionNames: () => Object.keys(options.manifest.functions),
    async close() {
      closing = true;
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    },
  };
}
