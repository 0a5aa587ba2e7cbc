import type { FunctionSpec } from '../../infra/manifest-types.ts';
import type { LambdaInvocationResult } from './invoker-types.ts';

/** What a Lambda worker thread is started with. */
export interface WorkerSettings {
  manifest: { functions: Record<string, FunctionSpec> };
  rootDir: string;
  /** The cloud's clock as a line: virtual time `virtualAt` at real time `realAt`, running `scale` times faster. */
  clock: { virtualAt: number; realAt: number; scale: number };
}

export interface WorkerRequest {
  id: number;
  functionNameOrArn: string;
  /** The function the reference names, whose configured environment this is. */
  functionName: string;
  environment: Record<string, string>;
  /** The event as JSON text, as it crosses the Invoke API. */
  payload: string;
}

/** An answer to a request, a service error it raised, or a log line of the runtime. */
export type WorkerReply = { id: number; result: LambdaInvocationResult } | { id: number; thrown: { name: string; message: string } } | { log: string };
