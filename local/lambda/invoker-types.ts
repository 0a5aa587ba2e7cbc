/**
 * How the local cloud runs a Lambda function. One invoker serves API Gateway routes, Step
 * Functions Lambda tasks and SNS `lambda` subscriptions, as the Lambda service does on AWS.
 */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type LambdaInvocationResult =
  /**
   * `payloadText` is the response body as the function's runtime sent it, where the invoker knows
   * it: runtimes serialise differently (Python's json.dumps puts a space after `:` and `,`), and
   * `lambda:invoke` reports that body's Content-Length. Without it the body is JSON.stringify's,
   * as the Node.js runtime sends it.
   */
  | { ok: true; payload: unknown; payloadText?: string; requestId: string }
  | { ok: false; error: LambdaError; requestId: string };

export interface LambdaInvoker {
  /** Accepts a function name or ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`). */
  invoke(functionNameOrArn: string, payload: unknown): Promise<LambdaInvocationResult>;
  /** The ARN the local cloud gives a function name, for substitutions and SNS endpoints. */
  functionArn(functionName: string): string;
}
