import { randomUUID } from 'node:crypto';
import { extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec, Manifest } from '../../infra/manifest-types.ts';
import { lambdaArn } from '../arns.ts';
import { faultRateFor } from '../dynamodb/fault-injection.ts';
import { seededRandom } from '../seeded-random.ts';
import { lambdaContext } from './context.ts';
import { runWithEnvironment } from './environment.ts';
import { LambdaServiceError, timeoutError, toLambdaError } from './errors.ts';
import { createInFlight } from './in-flight.ts';
import { createStarvationMeter, ownTimeDeadline } from './starvation-meter.ts';
import type { LambdaError, LambdaInvocationResult, LambdaInvoker } from './invoker-types.ts';

/** Lambda's defaults for a function that does not set them. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_MB = 128;
/** Synchronous invocation payload limit, request and response. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Handler = (event: unknown, context: Context, callback?: (error: unknown, result?: unknown) => void) => unknown;

export interface InProcessInvokerOptions {
  manifest: Pick<Manifest, 'functions'>;
  /** Directory the manifest's `entry` paths are relative to; the repository root by default. */
  rootDir?: string;
  /**
   * A function's configured environment (on AWS: its resource variables plus the manifest's
   * `environment`). By default the manifest's `environment` alone.
   */
  environment?: (functionName: string) => Record<string, string>;
  /** Where failed invocations are logged, as the runtime writes them to CloudWatch; stderr by default. */
  log?: (line: string) => void;
  /**
   * Injected transient failures for the fault-injection suite (test/faults): this share of the
   * invocations of step functions (`functions/steps/`, the ones Step Functions invokes) fails
   * with a retryable Lambda service error (`ServiceException`, HTTP 500) before the handler
   * runs. By default from `LOCAL_FAULTS=lambda:<rate>` and `LOCAL_FAULTS_SEED`; off when unset.
   */
  stepFaults?: { rate: number; seed: string };
}

/** The Lambda service failing an invocation on its side (a retryable 500), injected by `stepFaults`. */
class InjectedServiceException extends Error {
  override name = 'ServiceException';
}

const STEP_ENTRY = /^(?:\.\/)?functions\/steps\//;

function stepFaultsFrom(options: InProcessInvokerOptions, log: (line: string) => void): ((name: string, spec: FunctionSpec) => boolean) | undefined {
  const configured = options.stepFaults ?? { rate: faultRateFor('lambda', process.env.LOCAL_FAULTS), seed: process.env.LOCAL_FAULTS_SEED ?? '0' };
  if (!(configured.rate > 0)) return undefined;
  const random = seededRandom(`${configured.seed}\u0000lambda`);
  log(`[local-faults] lambda: ${Math.round(configured.rate * 100)} % of step invocations fail with Lambda.ServiceException (seed ${configured.seed})`);
  return (name, spec) => {
    if (!STEP_ENTRY.test(spec.entry) || random() >= configured.rate) return false;
    log(`[local-faults] lambda ${name} → ServiceException`);
    return true;
  };
}

export interface InProcessInvoker extends LambdaInvoker {
  /** The names of the functions this invoker can run. */
  functionNames(): string[];
  /**
   * Waits until no handler is running (or `timeoutMs` passes): a local cloud that stops lets the
   * handlers in flight finish against live services instead of pulling the store from under them.
   */
  drain(timeoutMs: number): Promise<void>;
}

// arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>], <account>:function:<name>, or <name>[:<qualifier>]
const FUNCTION_REFERENCE = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]+))?$/;

export function functionNameOf(nameOrArn: string): string {
  const match = FUNCTION_REFERENCE.exec(nameOrArn);
  if (!match?.[1]) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${nameOrArn}`);
  return match[1];
}

/** The variables the Lambda runtime sets, then the manifest's, then what only makes sense locally. */
function functionEnvironment(name: string, spec: FunctionSpec, rootDir: string, configured: Record<string, string>): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb ?? DEFAULT_MEMORY_MB),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    LAMBDA_TASK_ROOT: rootDir,
    _HANDLER: `${spec.entry.slice(0, -extname(spec.entry).length)}.handler`,
    ...configured,
    // There is no X-Ray daemon locally; Powertools Tracer would warn on every segment.
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
}

/** A JSON round trip, as the payload crosses the Invoke API: the handler never shares the caller's objects. */
function throughJson(value: unknown): { json: string; value: unknown } {
  const json = JSON.stringify(value) ?? 'null';
  return { json, value: JSON.parse(json) as unknown };
}

/**
 * Runs the manifest's handlers in this process, as the Lambda service would run them: the
 * module is loaded once (a warm container), each invocation gets the function's environment,
 * a context object and its timeout, and errors come back in the runtime's shape.
 *
 * Timeouts are measured in real time even when TIME_SCALE speeds up the local cloud's timers:
 * a handler's own I/O does not get faster.
 */
export function createInProcessInvoker(options: InProcessInvokerOptions): InProcessInvoker {
  const rootDir = options.rootDir ?? REPOSITORY_ROOT;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loaded = new Map<string, Handler>();
  const starvation = createStarvationMeter();
  const injectFault = stepFaultsFrom(options, log);

  async function load(name: string, spec: FunctionSpec): Promise<Handler | LambdaError> {
    const cached = loaded.get(name);
    if (cached) return cached;
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(resolve(rootDir, spec.entry)).href)) as Record<string, unknown>;
    } catch (error) {
      const cause = toLambdaError(error);
      return { errorType: 'Runtime.ImportModuleError', errorMessage: `${cause.errorType}: ${cause.errorMessage}`, trace: cause.trace };
    }
    const handler = module.handler;
    if (typeof handler !== 'function') {
      return { errorType: 'Runtime.HandlerNotFound', errorMessage: `${spec.entry}.handler is undefined or not exported` };
    }
    loaded.set(name, handler as Handler);
    return handler as Handler;
  }

  /** Never throws: a handler that throws synchronously fails its invocation like one that rejects. */
  function call(handler: Handler, event: unknown, context: Context): Promise<unknown> {
    return new Promise((resolvePromise, reject) => {
      if (handler.length < 3) {
        resolvePromise(handler(event, context));
        return;
      }
      // A callback-style handler: it may answer through the callback instead of a promise.
      const returned = handler(event, context, (error, result) => (error ? reject(error as Error) : resolvePromise(result)));
      if (returned instanceof Promise) returned.then(resolvePromise, reject);
    });
  }

  const inFlight = createInFlight();
  const invoke = (nameOrArn: string, payload: unknown): Promise<LambdaInvocationResult> => inFlight.track(invokeOnce(nameOrArn, payload));

  async function invokeOnce(nameOrArn: string, payload: unknown): Promise<LambdaInvocationResult> {
    const name = functionNameOf(nameOrArn);
    const spec = options.manifest.functions[name];
    if (!spec) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${lambdaArn(name)}`);
    let request: { json: string; value: unknown };
    try {
      request = throughJson(payload ?? {});
    } catch {
      throw new LambdaServiceError('InvalidRequestContentException', 'Could not parse request body into json');
    }
    if (Buffer.byteLength(request.json) > MAX_PAYLOAD_BYTES) {
      throw new LambdaServiceError('RequestTooLargeException', `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
    }
    if (injectFault?.(name, spec)) {
      throw new InjectedServiceException(`Service error injected by LOCAL_FAULTS (function ${name})`);
    }
    const requestId = randomUUID();
    const timeoutSeconds = spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const failed = (error: LambdaError): LambdaInvocationResult => {
      log(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ functionName: name, ...error })}`);
      return { ok: false, error, requestId };
    };

    const configured = options.environment ? options.environment(name) : (spec.environment ?? {});
    return runWithEnvironment(functionEnvironment(name, spec, rootDir, configured), async () => {
      // Module initialisation is Lambda's init phase: it does not count against the timeout.
      const handler = await load(name, spec);
      if (typeof handler !== 'function') return failed(handler);
      const deadline = Date.now() + timeoutSeconds * 1000;
      const context = lambdaContext({ functionName: name, functionArn: lambdaArn(name), memoryMb: spec.memoryMb ?? DEFAULT_MEMORY_MB, requestId, deadline });
      // The timeout counts the handler's own time, not time the shared event loop was busy elsewhere.
      const timeout = ownTimeDeadline(starvation, timeoutSeconds * 1000);
      try {
        const running = call(handler, request.value, context);
        const outcome = await Promise.race([running.then((value) => ({ timedOut: false as const, value })), timeout.expired.then(() => ({ timedOut: true as const }))]);
        if (outcome.timedOut) {
          // The handler cannot be stopped in-process; its late result or error is dropped.
          running.catch(() => undefined);
          return failed(timeoutError(requestId, timeoutSeconds));
        }
        let response: { json: string; value: unknown };
        try {
          response = throughJson(outcome.value ?? null);
        } catch (error) {
          return failed({ errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${toLambdaError(error).errorMessage}` });
        }
        if (Buffer.byteLength(response.json) > MAX_PAYLOAD_BYTES) {
          return failed({ errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).` });
        }
        return { ok: true, payload: response.value, requestId };
      } catch (error) {
        return failed(toLambdaError(error));
      } finally {
        timeout.cancel();
      }
    });
  }

  return {
    invoke,
    drain: inFlight.drain,
    functionArn: (functionName: string) => lambdaArn(functionName),
    functionNames: () => Object.keys(options.manifest.functions),
  };
}
