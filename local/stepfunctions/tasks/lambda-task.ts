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
export async function invokeFunction(
  invoker: LambdaInvoker,
  functionName: string,
  payload: unknown,
): Promise<TaskOutcome & { requestId?: string; payloadText?: string }> {
  let result;
  try {
    result = await invoker.invoke(functionName, payload);
  } catch (error) {
    const name = error instanceof Error && /Exception$/.test(error.name) ? error.name : 'ServiceException';
    const message = qualifiedNotFound(error instanceof Error ? error.message : String(error));
    const status = name === 'ResourceNotFoundException' ? 404 : name === 'ServiceException' ? 500 : 400;
    return {
      ok: false,
      error: `Lambda.${name}`,
      cause: `${message} (Service: AWSLambda; Status Code: ${status}; Error Code: ${name}; Request ID: ${randomUUID()}; Proxy: null)`,
    };
  }
  if (result.ok) return { ok: true, value: result.payload, requestId: result.requestId, ...(result.payloadText !== undefined && { payloadText: result.payloadText }) };
  const { errorType, errorMessage, trace } = result.error;
  const cause = JSON.stringify({ errorType, errorMessage, ...(trace ? { trace } : {}) });
  return { ok: false, error: errorType || 'Lambda.Unknown', cause, requestId: result.requestId };
}

/**
 * Lambda names the version it resolved in "Function not found": an unqualified function ARN is
 * reported as `...:function:<name>:$LATEST`, whichever invoker raised it.
 */
function qualifiedNotFound(message: string): string {
  return message.replace(/^(Function not found: arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+)$/, '$1:$LATEST');
}

/** The SDK's response metadata around the HTTP headers of an answer. */
function httpMetadata(requestId: string, statusCode: number, headers: Record<string, string>) {
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

function sdkMetadata(requestId: string, statusCode: number) {
  const headers = {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-RequestId': requestId,
  };
  return httpMetadata(requestId, statusCode, headers);
}

/** The Invoke response headers AWS's SDK reports for `lambda:invoke` (`body` is the response payload as sent). */
function invokeMetadata(requestId: string, statusCode: number, body: string, logResult?: string) {
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(body)),
    'Content-Type': 'application/json',
    Date: new Date().toUTCString(),
    'X-Amz-Executed-Version': '$LATEST',
    ...(logResult !== undefined && { 'X-Amz-Log-Result': logResult }),
    'X-Amzn-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Sampled=0;Lineage=1:${randomUUID().slice(0, 8)}:0`,
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
  };
  return httpMetadata(requestId, statusCode, headers);
}

/** `arn:aws:states:::lambda:invoke`: the Invoke API response around the function's result. */
export async function lambdaInvoke(invoker: LambdaInvoker, args: unknown): Promise<TaskOutcome> {
  if (!isObject(args) || typeof args.FunctionName !== 'string') {
    return { ok: false, error: 'States.Runtime', cause: "The lambda:invoke Arguments must contain a string 'FunctionName'" };
  }
  const functionName = args.FunctionName;
  // A string Payload is the request body itself: the function receives the JSON it holds.
  const payload = typeof args.Payload === 'string' ? parseJsonText(args.Payload) : (args.Payload ?? {});
  if (args.InvocationType === 'Event') {
    // An asynchronous invocation returns at once; the function runs on its own.
    void invoker.invoke(functionName, payload).catch(() => undefined);
    const requestId = randomUUID();
    return { ok: true, value: { ExecutedVersion: '$LATEST', Payload: '', ...invokeMetadata(requestId, 202, ''), StatusCode: 202 } };
  }
  const outcome = await invokeFunction(invoker, functionName, payload);
  if (!outcome.ok) return outcome;
  const requestId = outcome.requestId ?? randomUUID();
  const result = outcome.value ?? null;
  const body = outcome.payloadText ?? JSON.stringify(result) ?? 'null';
  const logResult = args.LogType === 'Tail' ? tailLog(requestId) : undefined;
  return {
    ok: true,
    value: {
      ExecutedVersion: '$LATEST',
      ...(logResult !== undefined && { LogResult: logResult }),
      Payload: result,
      ...invokeMetadata(requestId, 200, body, logResult),
      StatusCode: 200,
    },
  };
}

/** JSON text as the value it holds; text that is not JSON stays the string it is. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `LogType: Tail`: the base64 of the invocation's last log lines, as Lambda returns them. */
function tailLog(requestId: string): string {
  const lines = [`START RequestId: ${requestId} Version: $LATEST`, `END RequestId: ${requestId}`, `REPORT RequestId: ${requestId}\tDuration: 1.00 ms\tBilled Duration: 1 ms`];
  return Buffer.from(`${lines.join('\n')}\n`).toString('base64');
}

export { sdkMetadata };
