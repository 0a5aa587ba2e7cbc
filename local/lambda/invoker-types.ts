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
  | { ok: true; payload: unknown; requestId: string }
  | { ok: false; error: LambdaError; requestId: string };

export interface LambdaInvoker {
  /** Accepts a function name or ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`). */
  invoke(functionNameOrArn: string, payload: unknown): Promise<LambdaInvocationResult>;
  /** The ARN the local cloud gives a function name, for substitutions and SNS endpoints. */
  functionArn(functionName: string): string;
}
