import type { Context } from 'aws-lambda';

/** The Lambda context object a handler receives as its second argument. */
export function lambdaContext(options: {
  functionName: string;
  functionArn: string;
  memoryMb: number;
  requestId: string;
  deadline: number;
}): Context {
  const { functionName, requestId, deadline } = options;
  const notSupported = () => {
    throw new Error('The callback-style context methods (done, fail, succeed) are not supported; return a promise');
  };
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.functionArn,
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: notSupported,
    fail: notSupported,
    succeed: notSupported,
  };
}
