import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/**
 * Structured logging (Powertools Logger): one JSON line per entry, carrying the Lambda context of
 * the invocation it belongs to.
 *
 * Every invocation logs through its own child logger (`invocationLogger`), never through a shared
 * instance that `addContext` rewrites: on AWS a process runs one invocation at a time, but
 * locally all functions share this module and run concurrently, and a shared instance would stamp
 * one invocation's lines with another's function name and request id. The child is found through
 * the invocation's async context, so code deep in a call (`currentLogger()`) logs with it too.
 */

/** Cold starts are per function: the first invocation of each function name in this process. */
const warmFunctions = new Set<string>();

class FunctionLogger extends Logger {
  #functionName = '';

  protected override createLogger(options?: ConstructorParameters<typeof Logger>[0]): Logger {
    return new FunctionLogger(options);
  }

  override addContext(context: Parameters<Logger['addContext']>[0]): void {
    this.#functionName = context.functionName;
    super.addContext(context);
  }

  /** Powertools counts cold starts per logger instance; a child per invocation counts them per function. */
  protected override getColdStart(): boolean {
    if (this.getInitializationType() !== 'on-demand' || warmFunctions.has(this.#functionName)) return false;
    warmFunctions.add(this.#functionName);
    return true;
  }
}

/** The process's logger, for lines outside any invocation; the service name comes from POWERTOOLS_SERVICE_NAME. */
export const logger: Logger = new FunctionLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cr-express-inspection' });

const invocation = new AsyncLocalStorage<Logger>();

/** The logger of the invocation this code runs in (the process's logger outside one). */
export function currentLogger(): Logger {
  return invocation.getStore() ?? logger;
}

/**
 * Runs one invocation with its own logger: a child of the process's logger carrying this
 * invocation's Lambda context (function name, request id, cold start) and `keys`.
 */
export function withInvocationLogger<T>(context: Context | undefined, keys: Record<string, unknown>, run: (log: Logger) => Promise<T>): Promise<T> {
  const child = logger.createChild();
  if (context) child.addContext(context);
  if (Object.keys(keys).length > 0) child.appendPersistentKeys(keys);
  return invocation.run(child, () => run(child));
}
