import { z } from 'zod';
import { keysetPage, type SortKey } from '../keyset-page.ts';
import type { Activity } from './activities.ts';
import { isValidName, type Engine } from './engine.ts';
import { ApiError, validation } from './errors.ts';
import type { StoredExecution, StoredMapRun, StoredStateMachine } from './model.ts';
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

/** The kinds of Step Functions ARN an operation's member may name. */
type ArnKind = 'stateMachine' | 'execution' | 'activity' | 'express' | 'mapRun';
const STATES_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:([A-Za-z]+):[^:\s]+(?::[^:\s]+)*$/;

/** AWS's InvalidArn, e.g. "Invalid Arn: 'Invalid ARN prefix: x'" (AWS-recorded in LocalStack's test_sfn_api.snapshot.json). */
function checkArn(value: string, allowed: readonly ArnKind[]): void {
  const match = STATES_ARN.exec(value);
  if (!match) throw new ApiError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${value}'`);
  const kind = match[1] as ArnKind;
  if (!allowed.includes(kind)) throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${kind}'`);
}

const tagList = z.array(z.object({ key: z.string().optional(), value: z.string().optional() })).max(200);

/** ValidateStateMachineDefinition's diagnostics from the engine's `CODE: message at /location` texts. */
function diagnostics(error: ApiError): Array<{ severity: 'ERROR'; code: string; message: string; location?: string }> {
  const inner = error.message.replace(/^Invalid State Machine Definition: '/, '').replace(/'$/, '');
  return inner.split(/; (?=[A-Z][A-Z_]+: )/).map((part) => {
    const match = /^([A-Z][A-Z_]+): ([\s\S]*?)(?:\s+at (\/\S*|\[Source: [\s\S]*\]))?$/.exec(part);
    if (!match) return { severity: 'ERROR' as const, code: 'SCHEMA_VALIDATION_FAILED', message: part };
    const [, code, message, at] = match as unknown as [string, string, string, string | undefined];
    // asl-validator's texts start with the path instead ("/States/A/Type is invalid. ...").
    const location = at ?? /^(\/\S*) is /.exec(message)?.[1];
    return { severity: 'ERROR' as const, code, message, ...(location === undefined ? {} : { location }) };
  });
}

const activityItem = (a: Activity) => ({ activityArn: a.arn, name: a.name, creationDate: seconds(a.creationDate) });

/** No logging and no X-Ray locally: what DescribeStateMachine reports for a machine created without them. */
const NO_LOGGING_OR_TRACING = { loggingConfiguration: { level: 'OFF', includeExecutionData: false }, tracingConfiguration: { enabled: false } };

const describeStateMachine = (sm: StoredStateMachine) => ({
  stateMachineArn: sm.arn,
  name: sm.name,
  status: sm.status ?? 'ACTIVE',
  definition: sm.definition,
  roleArn: sm.roleArn,
  type: sm.type,
  creationDate: seconds(sm.creationDate),
  ...NO_LOGGING_OR_TRACING,
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

/** What DescribeExecution and StartSyncExecution both answer of an execution. */
const executionDetail = (e: StoredExecution) => ({
  ...executionItem(e),
  input: e.input,
  inputDetails: { included: true },
  ...(e.output === undefined ? {} : { output: e.output, outputDetails: { included: true } }),
  error: e.error,
  cause: e.cause,
});

/** A Map Run's child in ListExecutions by `mapRunArn`: AWS adds the Map Run and the child's item count. */
const childExecutionItem = (e: StoredExecution) => ({ ...executionItem(e), mapRunArn: e.mapRunArn, itemCount: e.itemCount });

const mapRunItem = (r: StoredMapRun) => ({
  executionArn: r.executionArn,
  mapRunArn: r.arn,
  stateMachineArn: r.stateMachineArn,
  startDate: seconds(r.startDate),
  stopDate: seconds(r.stopDate),
});

const describeMapRun = (r: StoredMapRun) => ({
  mapRunArn: r.arn,
  executionArn: r.executionArn,
  status: r.status,
  startDate: seconds(r.startDate),
  stopDate: seconds(r.stopDate),
  maxConcurrency: r.maxConcurrency,
  toleratedFailurePercentage: r.toleratedFailurePercentage,
  toleratedFailureCount: r.toleratedFailureCount,
  itemCounts: { ...r.itemCounts, failuresNotRedrivable: 0, pendingRedrive: 0 },
  executionCounts: { ...r.executionCounts, failuresNotRedrivable: 0, pendingRedrive: 0 },
  redriveCount: 0,
});

/** What a call knows beyond its body: `signal` aborts when the client has gone (long polls end then). */
export interface CallContext {
  signal?: AbortSignal;
}

type Handler = (engine: Engine, body: unknown, context: CallContext) => Promise<unknown>;

function operation<S extends z.ZodType>(
  schema: S,
  run: (engine: Engine, input: z.infer<S>, context: CallContext) => Promise<unknown> | unknown,
  /** Members holding ARNs and the kinds each may name; checked after the schema, as AWS does. */
  arns: Record<string, readonly ArnKind[]> = {},
): Handler {
  return async (engine, body, context) => {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `Value at '${i.path.join('.') || 'request'}' failed to satisfy constraint: ${i.message}`);
      throw validation(`${issues.length} validation error${issues.length > 1 ? 's' : ''} detected: ${issues.join('; ')}`);
    }
    for (const [member, kinds] of Object.entries(arns)) {
      const value = (parsed.data as Record<string, unknown>)[member];
      if (typeof value === 'string') checkArn(value, kinds);
    }
    return run(engine, parsed.data, context);
  };
}

const STATE_MACHINE = { stateMachineArn: ['stateMachine'] } as const;
const EXECUTION = { executionArn: ['execution'] } as const;
const ACTIVITY = { activityArn: ['activity'] } as const;
const MAP_RUN = { mapRunArn: ['mapRun'] } as const;
const TAGGABLE = { resourceArn: ['stateMachine', 'activity'] } as const;

const startInput = z.object({ stateMachineArn: arn, name: z.string().optional(), input: z.string().optional(), traceHeader: z.string().optional() });

export const OPERATIONS: Record<string, Handler> = {
  CreateStateMachine: operation(
    z.object({ name: z.string(), definition: z.string().min(1), roleArn: arn, type: z.string().optional(), tags: tagList.optional() }),
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
    STATE_MACHINE,
  ),
  DescribeStateMachine: operation(
    z.object({ stateMachineArn: arn, includedData: z.string().optional() }),
    (engine, input) => describeStateMachine(engine.getStateMachine(input.stateMachineArn)),
    STATE_MACHINE,
  ),
  ListStateMachines: operation(z.object({ maxResults: pageSize, nextToken }), (engine, input) => {
    const { slice, nextToken: token } = page(engine.stateMachines.values(), input, (sm) => [sm.name]);
    return {
      stateMachines: slice.map((sm) => ({ stateMachineArn: sm.arn, name: sm.name, type: sm.type, creationDate: seconds(sm.creationDate) })),
      nextToken: token,
    };
  }),
  DeleteStateMachine: operation(
    z.object({ stateMachineArn: arn }),
    async (engine, input) => {
      await engine.deleteStateMachine(input.stateMachineArn);
      return {};
    },
    STATE_MACHINE,
  ),
  ValidateStateMachineDefinition: operation(
    z.object({ definition: z.string().min(1), type: z.enum(['STANDARD', 'EXPRESS']).optional(), severity: z.string().optional(), maxResults: z.number().int().min(0).max(100).optional() }),
    (_engine, input) => {
      try {
        validateDefinition(input.definition, input.type);
        return { result: 'OK', diagnostics: [], truncated: false };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const all = diagnostics(error);
        const limit = input.maxResults || 100;
        return { result: 'FAIL', diagnostics: all.slice(0, limit), truncated: all.length > limit };
      }
    },
  ),
  StartExecution: operation(
    startInput,
    async (engine, input) => {
      const execution = await engine.startExecution(input);
      return { executionArn: execution.arn, startDate: seconds(execution.startDate) };
    },
    STATE_MACHINE,
  ),
  StartSyncExecution: operation(
    startInput,
    async (engine, input) => {
      const e = await engine.startSyncExecution(input);
      const billed = Math.max(100, Math.ceil(((e.stopDate ?? e.startDate) - e.startDate) / 100) * 100);
      return {
        ...executionDetail(e),
        billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: billed },
      };
    },
    STATE_MACHINE,
  ),
  DescribeExecution: operation(z.object({ executionArn: arn, includedData: z.string().optional() }), (engine, input) => {
    const e = engine.getExecution(input.executionArn);
    return {
      ...executionDetail(e),
      mapRunArn: e.mapRunArn,
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  }, EXECUTION),
  /** The definition the execution ran, even after the machine was updated (AWS). */
  DescribeStateMachineForExecution: operation(
    z.object({ executionArn: arn, includedData: z.string().optional() }),
    (engine, input) => {
      const e = engine.getExecution(input.executionArn);
      const ran = engine.definitionOf(e);
      return {
        stateMachineArn: e.stateMachineArn,
        name: e.stateMachineName,
        definition: ran.definition,
        roleArn: e.roleArn,
        updateDate: seconds(ran.updateDate),
        ...NO_LOGGING_OR_TRACING,
        // A Map Run's child: the Map Run and its label (the part after the machine name).
        ...(e.mapRunArn === undefined ? {} : { mapRunArn: e.mapRunArn, label: e.stateMachineName.slice(e.stateMachineName.indexOf('/') + 1) }),
      };
    },
    EXECUTION,
  ),
  ListExecutions: operation(
    z.object({
      stateMachineArn: arn.optional(),
      mapRunArn: arn.optional(),
      statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
      maxResults: pageSize,
      nextToken,
      redriveFilter: z.string().optional(),
    }),
    (engine, input) => {
      // AWS: a state machine's executions or (mapRunArn) a Map Run's child executions, not both.
      if ((input.stateMachineArn === undefined) === (input.mapRunArn === undefined)) {
        throw validation('Must provide exactly one of stateMachineArn and mapRunArn');
      }
      const status = input.statusFilter === 'PENDING_REDRIVE' ? undefined : input.statusFilter;
      const mapRunArn = input.mapRunArn;
      const list = (): StoredExecution[] =>
        mapRunArn !== undefined ? engine.listChildExecutions(mapRunArn, status) : engine.listExecutions(input.stateMachineArn ?? '', status);
      const all = input.statusFilter === 'PENDING_REDRIVE' ? [] : list();
      // Newest first, as on AWS; executions started in the same millisecond by ARN.
      const { slice, nextToken: token } = page(all, input, (e) => [e.startDate, e.arn], [true, true]);
      return { executions: slice.map(mapRunArn !== undefined ? childExecutionItem : executionItem), nextToken: token };
    },
    { ...STATE_MACHINE, ...MAP_RUN },
  ),
  ListMapRuns: operation(
    z.object({ executionArn: arn, maxResults: pageSize, nextToken }),
    (engine, input) => {
      const { slice, nextToken: token } = page(engine.listMapRuns(input.executionArn), input, (r) => [r.startDate, r.arn]);
      return { mapRuns: slice.map(mapRunItem), nextToken: token };
    },
    EXECUTION,
  ),
  DescribeMapRun: operation(z.object({ mapRunArn: arn }), (engine, input) => describeMapRun(engine.getMapRun(input.mapRunArn)), MAP_RUN),
  UpdateMapRun: operation(
    z.object({
      mapRunArn: arn,
      maxConcurrency: z.number().int().min(0).optional(),
      toleratedFailurePercentage: z.number().min(0).max(100).optional(),
      toleratedFailureCount: z.number().int().min(0).optional(),
    }),
    async (engine, input) => {
      const { mapRunArn, ...changes } = input;
      if (changes.maxConcurrency === undefined && changes.toleratedFailurePercentage === undefined && changes.toleratedFailureCount === undefined) {
        throw validation('At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified');
      }
      await engine.updateMapRun(mapRunArn, {
        ...(changes.maxConcurrency !== undefined && { maxConcurrency: changes.maxConcurrency }),
        ...(changes.toleratedFailurePercentage !== undefined && { toleratedFailurePercentage: changes.toleratedFailurePercentage }),
        ...(changes.toleratedFailureCount !== undefined && { toleratedFailureCount: changes.toleratedFailureCount }),
      });
      return {};
    },
    MAP_RUN,
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
    EXECUTION,
  ),
  StopExecution: operation(
    z.object({ executionArn: arn, error: z.string().optional(), cause: z.string().optional() }),
    async (engine, input) => {
      const e = await engine.stopExecution(input.executionArn, input.error, input.cause);
      return { stopDate: seconds(e.stopDate) };
    },
    EXECUTION,
  ),
  TagResource: operation(
    z.object({ resourceArn: arn, tags: tagList }),
    async (engine, input) => {
      await engine.tagResource(input.resourceArn, input.tags);
      return {};
    },
    TAGGABLE,
  ),
  UntagResource: operation(
    z.object({ resourceArn: arn, tagKeys: z.array(z.string().min(1).max(128)).max(200) }),
    async (engine, input) => {
      await engine.untagResource(input.resourceArn, input.tagKeys);
      return {};
    },
    TAGGABLE,
  ),
  ListTagsForResource: operation(z.object({ resourceArn: arn }), (engine, input) => ({ tags: engine.listTags(input.resourceArn) }), TAGGABLE),
  CreateActivity: operation(z.object({ name: z.string(), tags: tagList.optional(), encryptionConfiguration: z.unknown().optional() }), async (engine, input) => {
    if (!isValidName(input.name)) throw new ApiError('InvalidName', `Invalid Name: '${input.name}'`);
    const activity = await engine.createActivity(input.name, input.tags ?? []);
    return { activityArn: activity.arn, creationDate: seconds(activity.creationDate) };
  }),
  DescribeActivity: operation(z.object({ activityArn: arn }), (engine, input) => activityItem(engine.activities.get(input.activityArn)), ACTIVITY),
  ListActivities: operation(z.object({ maxResults: pageSize, nextToken }), (engine, input) => {
    const { slice, nextToken: token } = page(engine.activities.byArn.values(), input, (a) => [a.name]);
    return { activities: slice.map(activityItem), nextToken: token };
  }),
  DeleteActivity: operation(
    z.object({ activityArn: arn }),
    (engine, input) => {
      engine.activities.delete(input.activityArn);
      return {};
    },
    ACTIVITY,
  ),
  /** Long poll: a queued task at once, else the first to arrive within 60 s, else no task (AWS). */
  GetActivityTask: operation(
    z.object({ activityArn: arn, workerName: z.string().max(80).optional() }),
    async (engine, input, context) => {
      const task = await engine.activities.poll(input.activityArn, context.signal);
      return task ? { taskToken: task.token, input: task.input } : {};
    },
    ACTIVITY,
  ),
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
