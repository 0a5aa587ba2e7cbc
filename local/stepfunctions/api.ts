import { z } from 'zod';
import { keysetPage, type SortKey } from '../keyset-page.ts';
import type { Engine } from './engine.ts';
import { ApiError, validation } from './errors.ts';
import type { StoredExecution, StoredStateMachine } from './model.ts';
import { validateDefinition } from './validate.ts';

/**
 * The Step Functions JSON 1.0 API: one function per `X-Amz-Target: AWSStepFunctions.<Op>`.
 * Requests are checked with zod; timestamps go out as epoch seconds, as the SDK expects.
 */
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const arn = z.string().min(1).max(2048);
const pageSize = z.number().int().min(0).max(1000).optional();
const nextToken = z.string().min(1).max(3096).optional();

const invalidToken = () => new ApiError('InvalidToken', "Invalid Token: 'Invalid token'");

// History pages by event id: ids only grow, so the last id seen is already a keyset token.
const encodeToken = (value: number) => Buffer.from(JSON.stringify({ v: value })).toString('base64url');
function decodeToken(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown };
    if (typeof parsed.v === 'number') return parsed.v;
  } catch {
    // fall through to the AWS error
  }
  throw invalidToken();
}

/** One page of a listing; the token names the last item, so new executions do not shift the pages. */
function page<T>(items: Iterable<T>, input: { maxResults?: number | undefined; nextToken?: string | undefined }, key: (item: T) => SortKey, descending?: boolean[]) {
  const { items: slice, nextToken } = keysetPage(items, { key, limit: input.maxResults || 100, token: input.nextToken, invalidToken, ...(descending && { descending }) });
  return { slice, nextToken };
}

const describeStateMachine = (sm: StoredStateMachine) => ({
  stateMachineArn: sm.arn,
  name: sm.name,
  status: 'ACTIVE',
  definition: sm.definition,
  roleArn: sm.roleArn,
  type: sm.type,
  creationDate: seconds(sm.creationDate),
  loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  tracingConfiguration: { enabled: false },
  revisionId: sm.revisionId,
});

const executionItem = (e: StoredExecution) => ({
  executionArn: e.arn,
  stateMachineArn: e.stateMachineArn,
  name: e.name,
  status: e.status,
  startDate: seconds(e.startDate),
  stopDate: seconds(e.stopDate),
});

type Handler = (engine: Engine, body: unknown) => Promise<unknown>;

function operation<S extends z.ZodType>(schema: S, run: (engine: Engine, input: z.infer<S>) => Promise<unknown> | unknown): Handler {
  return async (engine, body) => {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `Value at '${i.path.join('.') || 'request'}' failed to satisfy constraint: ${i.message}`);
      throw validation(`${issues.length} validation error${issues.length > 1 ? 's' : ''} detected: ${issues.join('; ')}`);
    }
    return run(engine, parsed.data);
  };
}

export const OPERATIONS: Record<string, Handler> = {
  CreateStateMachine: operation(
    z.object({ name: z.string(), definition: z.string().min(1), roleArn: arn, type: z.string().optional() }),
    async (engine, input) => {
      const sm = await engine.createStateMachine(input);
      return { stateMachineArn: sm.arn, creationDate: seconds(sm.creationDate) };
    },
  ),
  UpdateStateMachine: operation(
    z.object({ stateMachineArn: arn, definition: z.string().min(1).optional(), roleArn: arn.optional() }),
    async (engine, input) => {
      const sm = await engine.updateStateMachine(input.stateMachineArn, input);
      return { updateDate: seconds(sm.updateDate), revisionId: sm.revisionId };
    },
  ),
  DescribeStateMachine: operation(z.object({ stateMachineArn: arn }), (engine, input) =>
    describeStateMachine(engine.getStateMachine(input.stateMachineArn)),
  ),
  ListStateMachines: operation(z.object({ maxResults: pageSize, nextToken }), (engine, input) => {
    const { slice, nextToken: token } = page(engine.stateMachines.values(), input, (sm) => [sm.name]);
    return {
      stateMachines: slice.map((sm) => ({ stateMachineArn: sm.arn, name: sm.name, type: sm.type, creationDate: seconds(sm.creationDate) })),
      nextToken: token,
    };
  }),
  DeleteStateMachine: operation(z.object({ stateMachineArn: arn }), async (engine, input) => {
    await engine.deleteStateMachine(input.stateMachineArn);
    return {};
  }),
  ValidateStateMachineDefinition: operation(z.object({ definition: z.string().min(1), type: z.string().optional() }), (_engine, input) => {
    try {
      validateDefinition(input.definition);
      return { result: 'OK', diagnostics: [] };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'INVALID_DEFINITION', message: error.message }] };
    }
  }),
  StartExecution: operation(
    z.object({ stateMachineArn: arn, name: z.string().optional(), input: z.string().optional(), traceHeader: z.string().optional() }),
    async (engine, input) => {
      const execution = await engine.startExecution(input);
      return { executionArn: execution.arn, startDate: seconds(execution.startDate) };
    },
  ),
  DescribeExecution: operation(z.object({ executionArn: arn, includedData: z.string().optional() }), (engine, input) => {
    const e = engine.getExecution(input.executionArn);
    return {
      ...executionItem(e),
      input: e.input,
      inputDetails: { included: true },
      ...(e.output === undefined ? {} : { output: e.output, outputDetails: { included: true } }),
      error: e.error,
      cause: e.cause,
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  }),
  DescribeStateMachineForExecution: operation(z.object({ executionArn: arn }), (engine, input) => {
    const e = engine.getExecution(input.executionArn);
    const sm = engine.stateMachines.get(e.stateMachineArn);
    return {
      stateMachineArn: e.stateMachineArn,
      name: e.stateMachineName,
      definition: sm?.definition,
      roleArn: e.roleArn,
      updateDate: seconds(sm?.updateDate ?? sm?.creationDate),
    };
  }),
  ListExecutions: operation(
    z.object({
      stateMachineArn: arn,
      statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
      maxResults: pageSize,
      nextToken,
    }),
    (engine, input) => {
      const status = input.statusFilter === 'PENDING_REDRIVE' ? undefined : input.statusFilter;
      const all = input.statusFilter === 'PENDING_REDRIVE' ? [] : engine.listExecutions(input.stateMachineArn, status);
      // Newest first, as on AWS; executions started in the same millisecond by ARN.
      const { slice, nextToken: token } = page(all, input, (e) => [e.startDate, e.arn], [true, true]);
      return { executions: slice.map(executionItem), nextToken: token };
    },
  ),
  GetExecutionHistory: operation(
    z.object({ executionArn: arn, maxResults: pageSize, nextToken, reverseOrder: z.boolean().optional(), includeExecutionData: z.boolean().optional() }),
    async (engine, input) => {
      const limit = input.maxResults || 100;
      const events = await engine.history(input.executionArn, {
        after: decodeToken(input.nextToken),
        limit: limit + 1,
        reverse: input.reverseOrder ?? false,
        includeExecutionData: input.includeExecutionData ?? true,
      });
      const slice = events.slice(0, limit);
      const last = slice[slice.length - 1];
      return { events: slice, nextToken: events.length > limit && last ? encodeToken(last.id) : undefined };
    },
  ),
  StopExecution: operation(z.object({ executionArn: arn, error: z.string().optional(), cause: z.string().optional() }), async (engine, input) => {
    const e = await engine.stopExecution(input.executionArn, input.error, input.cause);
    return { stopDate: seconds(e.stopDate) };
  }),
  SendTaskSuccess: operation(z.object({ taskToken: z.string().min(1).max(2048), output: z.string() }), async (engine, input) => {
    await engine.sendTaskSuccess(input.taskToken, input.output);
    return {};
  }),
  SendTaskFailure: operation(
    z.object({ taskToken: z.string().min(1).max(2048), error: z.string().max(256).optional(), cause: z.string().max(32768).optional() }),
    async (engine, input) => {
      await engine.sendTaskFailure(input.taskToken, input.error, input.cause);
      return {};
    },
  ),
  SendTaskHeartbeat: operation(z.object({ taskToken: z.string().min(1).max(2048) }), async (engine, input) => {
    await engine.sendTaskHeartbeat(input.taskToken);
    return {};
  }),
};
