import { randomUUID } from 'node:crypto';
import type { LambdaInvoker } from '../../lambda/invoker-types.ts';
import { isObject } from '../asl-types.ts';
import type { TaskOutcome } from './integration-types.ts';

/**
 * Lambda tasks through the pluggable local invoker. A function error fails the task with the
 * function's own `errorType` (`Lambda.Unknown` when it has none) and the error payload as the
 * cause, as AWS records it; an invoker that throws (e.g. no such function) fails it with
 * `Lambda.<ExceptionName>`.
 */
export async function invokeFunction(invoker: LambdaInvoker, functionName: string, payload: unknown): Promise<TaskOutcome & { requestId?: string }> {
  let result;
  try {
    result = await invoker.invoke(functionName, payload);
  } catch (error) {
    const name = error instanceof Error && /Exception$/.test(error.name) ? error.name : 'ServiceException';
    const message = error instanceof Error ? error.message : String(error);
    const status = name === 'ResourceNotFoundException' ? 404 : name === 'ServiceException' ? 500 : 400;
    return {
      ok: false,
      error: `Lambda.${name}`,
      cause: `${message} (Service: AWSLambda; Status Code: ${status}; Error Code: ${name}; Request ID: ${randomUUID()}; Proxy: null)`,
    };
  }
  if (result.ok) return { ok: true, value: result.payload, requestId: result.requestId };
  const { errorType, errorMessage, trace } = result.error;
  const cause = JSON.stringify({ errorType, errorMessage, ...(trace ? { trace } : {}) });
  return { ok: false, error: errorType || 'Lambda.Unknown', cause, requestId: result.requestId };
}

function sdkMetadata(requestId: string, statusCode: number) {
  const headers = {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-RequestId': requestId,
  };
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** `arn:aws:states:::lambda:invoke`: the Invoke API response around the function's result. */
export async function lambdaInvoke(invoker: LambdaInvoker, args: unknown): Promise<TaskOutcome> {
  if (!isObject(args) || typeof args.FunctionName !== 'string') {
    return { ok: false, error: 'States.Runtime', cause: "The lambda:invoke Arguments must contain a string 'FunctionName'" };
  }
  const functionName = args.FunctionName;
  const payload = args.Payload ?? {};
  if (args.InvocationType === 'Event') {
    // An asynchronous invocation returns at once; the function runs on its own.
    void invoker.invoke(functionName, payload).catch(() => undefined);
    const requestId = randomUUID();
    return { ok: true, value: { ExecutedVersion: '$LATEST', Payload: '', ...sdkMetadata(requestId, 202), StatusCode: 202 } };
  }
  const outcome = await invokeFunction(invoker, functionName, payload);
  if (!outcome.ok) return outcome;
  const requestId = outcome.requestId ?? randomUUID();
  return {
    ok: true,
    value: { ExecutedVersion: '$LATEST', Payload: outcome.value ?? null, ...sdkMetadata(requestId, 200), StatusCode: 200 },
  };
}

export { sdkMetadata };
