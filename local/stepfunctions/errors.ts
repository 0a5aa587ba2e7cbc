/**
 * The two kinds of failure the engine deals in.
 *
 * `ApiError` is what an API call answers (HTTP 400, `__type` = AWS's exception name).
 * `StatesError` is what a state fails with at run time: an error name and a cause, matched by
 * `Retry`/`Catch` `ErrorEquals`, exactly as AWS records them in history.
 */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string | undefined,
    /** Extra names a `Catch`/`Retry` may match it under (a heartbeat expiry is also `States.HeartbeatTimeout`). */
    readonly aliases: readonly string[] = [],
  ) {
    super(`${error}: ${cause ?? ''}`);
    this.name = 'StatesError';
  }
}

/** AWS's messages for the callback errors (`SendTaskSuccess`/`Failure`/`Heartbeat`). */
export const invalidToken = () => new ApiError('InvalidToken', "Invalid Token: 'Invalid token'");
export const taskTimedOut = () => new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
export const taskDoesNotExist = () => new ApiError('TaskDoesNotExist', 'Task Does Not Exist');
export const validation = (message: string) => new ApiError('ValidationException', message);
export const executionDoesNotExist = (arn: string) =>
  new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
export const stateMachineDoesNotExist = (arn: string) =>
  new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
export const invalidDefinition = (message: string) =>
  new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${message}'`);
