import { types } from 'node:util';
import type { LambdaError } from './invoker-types.ts';

/**
 * Lambda's error payload for a failed invocation, as the Node.js runtime builds it: an Error
 * becomes its `name`, `message` and stack lines; anything else thrown becomes its `typeof` and
 * string form.
 */
export function toLambdaError(thrown: unknown): LambdaError {
  if (types.isNativeError(thrown) || thrown instanceof Error) {
    return {
      errorType: thrown.name,
      errorMessage: thrown.message,
      trace: (thrown.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
}

/** What Lambda reports when the handler outlives the function's timeout. */
export function timeoutError(requestId: string, timeoutSeconds: number): LambdaError {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

export type LambdaServiceErrorName = 'ResourceNotFoundException' | 'InvalidRequestContentException' | 'InvalidParameterValueException' | 'RequestTooLargeException';

/**
 * A failure of the Lambda service itself (unknown function, unreadable payload). The invoker
 * rejects with it, while a failing handler resolves with `ok: false`, as the Invoke API answers
 * an HTTP error for the first and a `FunctionError` payload for the second.
 */
export class LambdaServiceError extends Error {
  constructor(name: LambdaServiceErrorName, message: string) {
    super(message);
    this.name = name;
  }
}
