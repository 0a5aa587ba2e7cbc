import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { localArn } from '../arns.ts';
import { readBody, sendJson, type AwsProtocolService } from '../aws-endpoint.ts';
import type { Clock } from '../clock.ts';
import { keysetPage, type SortKey } from '../keyset-page.ts';
import { createAsyncLambdaInvoker } from '../lambda/async-invoke.ts';
import type { LambdaInvoker } from '../lambda/invoker-types.ts';
import { createTimerSet } from '../timer-set.ts';
import { latestOccurrence, nextOccurrence, parseScheduleExpression, ScheduleExpressionError, type Recurrence } from './expressions.ts';
import { openSchedulerStore, scheduleKey, targetSchema, type ScheduleRecord } from './store.ts';
import { createTargetInvoker, newExecutionId, PermanentTargetError } from './targets.ts';

/**
 * EventBridge Scheduler for the local cloud: its REST JSON API (`/schedules/{Name}`,
 * `/schedule-groups/{Name}`) and a durable runner on the local clock. Each occurrence fires at
 * most once: its due time is recorded before the target is called. After downtime, a schedule
 * that fell due fires once on start (for its latest missed occurrence), then keeps its rhythm.
 * A FLEXIBLE time window fires at the start of the window.
 */
export interface SchedulerServiceOptions {
  dataDir?: string;
  clock: Clock;
  lambda: LambdaInvoker;
  /** The shared endpoint, where StartExecution goes. */
  awsEndpointUrl: string;
  /** Per schedule group, the state machines its schedules may start (from the manifest). */
  allowedStateMachines?: Record<string, string[]>;
  log?: (line: string) => void;
}

export interface SchedulerService extends AwsProtocolService {
  /** Arms every enabled schedule; those that fell due while the process was down fire now. */
  start(): void;
  close(): Promise<void>;
}

export const DEFAULT_GROUP = 'default';
const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const DEFAULT_RETRY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };
const MAX_RETRY_DELAY_MS = 5 * 60_000;

class SchedulerError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'ResourceNotFoundException' | 'ConflictException' | 'InternalServerException',
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
const validation = (message: string) => new SchedulerError('ValidationException', message, 400);
const notFound = (message: string) => new SchedulerError('ResourceNotFoundException', message, 404);
const conflict = (message: string) => new SchedulerError('ConflictException', message, 409);

const scheduleInputSchema = z.object({
  ScheduleExpression: z.string().min(1).max(256),
  Target: targetSchema,
  FlexibleTimeWindow: z.object({ Mode: z.enum(['OFF', 'FLEXIBLE']), MaximumWindowInMinutes: z.number().int().min(1).max(1440).optional() }),
  GroupName: z.string().regex(NAME).optional(),
  StartDate: z.number().optional(),
  EndDate: z.number().optional(),
  Description: z.string().max(512).optional(),
  ScheduleExpressionTimezone: z.string().min(1).max(50).optional(),
  State: z.enum(['ENABLED', 'DISABLED']).optional(),
  KmsKeyArn: z.string().optional(),
  ClientToken: z.string().optional(),
  ActionAfterCompletion: z.enum(['NONE', 'DELETE']).optional(),
});

/** Tags, on schedule groups only (AWS: schedules take none); keys 1-128, values 1-256 characters. */
const tagListSchema = z.array(z.object({ Key: z.string().min(1).max(128), Value: z.string().min(1).max(256) })).min(1).max(200);
const tagsBodySchema = z.object({ Tags: tagListSchema });
const groupBodySchema = z.object({ Tags: tagListSchema.optional(), ClientToken: z.string().optional() }).optional();

/** A request body checked against its schema; a ValidationException names what is wrong. */
function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validation(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
const tagList = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
const tagRecord = (tags: Array<{ Key: string; Value: string }>) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

const scheduleArn = (group: string, name: string) => localArn('scheduler', `schedule/${group}/${name}`);
const groupArn = (name: string) => localArn('scheduler', `schedule-group/${name}`);
const seconds = (ms: number) => ms / 1000;

function recurrenceOf(schedule: ScheduleRecord): Recurrence {
  return {
    expression: parseScheduleExpression(schedule.expression, schedule.timezone ?? 'UTC'),
    since: schedule.lastModificationDate,
    ...(schedule.startDate !== undefined && { start: schedule.startDate }),
    ...(schedule.endDate !== undefined && { end: schedule.endDate }),
  };
}

export function createSchedulerService(options: SchedulerServiceOptions): SchedulerService {
  const { clock } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = openSchedulerStore(options.dataDir);
  const timers = createTimerSet(clock);
  const armed = new Map<string, () => void>();
  const asyncLambda = createAsyncLambdaInvoker({ invoker: options.lambda, clock, log });
  const targets = createTargetInvoker({ awsEndpointUrl: options.awsEndpointUrl, lambda: asyncLambda, allowedStateMachines: options.allowedStateMachines });
  let started = false;

  if (!store.groups.has(DEFAULT_GROUP)) {
    store.groups.set(DEFAULT_GROUP, { name: DEFAULT_GROUP, arn: groupArn(DEFAULT_GROUP), creationDate: clock.now(), lastModificationDate: clock.now() });
    store.save();
  }

  // ---- runner -----------------------------------------------------------------------------

  function nextDue(schedule: ScheduleRecord): number | undefined {
    const recurrence = recurrenceOf(schedule);
    // A one-time schedule is due at its time even if that has passed; once fired, never again.
    if (recurrence.expression.kind === 'at') return schedule.lastDue === undefined ? recurrence.expression.at : undefined;
    return nextOccurrence(recurrence, schedule.lastDue ?? schedule.lastModificationDate);
  }

  function disarm(key: string): void {
    armed.get(key)?.();
    armed.delete(key);
  }

  function complete(schedule: ScheduleRecord): void {
    if (schedule.actionAfterCompletion !== 'DELETE') return;
    store.schedules.delete(scheduleKey(schedule.groupName, schedule.name));
    store.save();
  }

  function arm(schedule: ScheduleRecord): void {
    const key = scheduleKey(schedule.groupName, schedule.name);
    disarm(key);
    if (!started || schedule.state !== 'ENABLED') return;
    const due = nextDue(schedule);
    if (due === undefined) {
      complete(schedule);
      return;
    }
    armed.set(key, timers.at(due, () => fire(key)));
  }

  function fire(key: string): void {
    armed.delete(key);
    const schedule = store.schedules.get(key);
    if (!schedule || schedule.state !== 'ENABLED') return;
    const now = clock.now();
    let due = nextDue(schedule);
    if (due === undefined || due > now) {
      arm(schedule);
      return;
    }
    // Missed occurrences collapse into one firing, for the latest of them.
    due = latestOccurrence(recurrenceOf(schedule), due, now) ?? due;
    schedule.lastDue = due;
    store.save();
    callTarget(schedule, due);
    arm(schedule);
  }

  function callTarget(schedule: ScheduleRecord, due: number): void {
    const { target, groupName } = schedule;
    const retry = { ...DEFAULT_RETRY, ...target.RetryPolicy };
    const executionId = newExecutionId();
    const firstAttemptAt = clock.now();
    const attempt = (number: number): void => {
      targets.invoke(target, groupName, { scheduleArn: schedule.arn, scheduledTime: due, executionId, attempt: number }).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const age = clock.now() - firstAttemptAt;
        if (error instanceof PermanentTargetError || number > retry.MaximumRetryAttempts || age > retry.MaximumEventAgeInSeconds * 1000) {
          log(`Scheduler could not call the target of ${schedule.arn} for ${new Date(due).toISOString()} (attempt ${number}): ${message}`);
          return;
        }
        timers.at(clock.now() + Math.min(1000 * 2 ** (number - 1), MAX_RETRY_DELAY_MS), () => attempt(number + 1));
      });
    };
    attempt(1);
  }

  // ---- API --------------------------------------------------------------------------------

  function groupOrFail(name: string) {
    const group = store.groups.get(name);
    if (!group) throw notFound(`Schedule group ${name} does not exist.`);
    return group;
  }

  function scheduleOrFail(group: string, name: string): ScheduleRecord {
    const schedule = store.schedules.get(scheduleKey(group, name));
    if (!schedule) throw notFound(`Schedule ${name} does not exist.`);
    return schedule;
  }

  function readSchedule(name: string, body: unknown, existing?: ScheduleRecord): ScheduleRecord {
    if (!NAME.test(name)) throw validation(`Invalid schedule name ${name}`);
    const input = parseBody(scheduleInputSchema, body);
    if (input.FlexibleTimeWindow.Mode === 'FLEXIBLE' && input.FlexibleTimeWindow.MaximumWindowInMinutes === undefined) {
      throw validation('MaximumWindowInMinutes is required when the flexible time window mode is FLEXIBLE');
    }
    try {
      parseScheduleExpression(input.ScheduleExpression, input.ScheduleExpressionTimezone);
    } catch (error) {
      if (error instanceof ScheduleExpressionError) throw validation(error.message);
      throw error;
    }
    const startDate = input.StartDate === undefined ? undefined : input.StartDate * 1000;
    const endDate = input.EndDate === undefined ? undefined : input.EndDate * 1000;
    if (endDate !== undefined && endDate <= clock.now()) throw validation('The EndDate you specify cannot be earlier than the current date.');
    if (startDate !== undefined && endDate !== undefined && endDate <= startDate) throw validation('The EndDate must be after the StartDate.');
    const groupName = input.GroupName ?? DEFAULT_GROUP;
    groupOrFail(groupName);
    const now = clock.now();
    return {
      name,
      groupName,
      arn: scheduleArn(groupName, name),
      expression: input.ScheduleExpression,
      ...(input.ScheduleExpressionTimezone !== undefined && { timezone: input.ScheduleExpressionTimezone }),
      ...(startDate !== undefined && { startDate }),
      ...(endDate !== undefined && { endDate }),
      ...(input.Description !== undefined && { description: input.Description }),
      state: input.State ?? 'ENABLED',
      ...(input.KmsKeyArn !== undefined && { kmsKeyArn: input.KmsKeyArn }),
      target: input.Target,
      flexibleTimeWindow: input.FlexibleTimeWindow,
      actionAfterCompletion: input.ActionAfterCompletion ?? 'NONE',
      creationDate: existing?.creationDate ?? now,
      lastModificationDate: now,
    };
  }

  const describe = (s: ScheduleRecord) => ({
    Arn: s.arn,
    GroupName: s.groupName,
    Name: s.name,
    ScheduleExpression: s.expression,
    ...(s.startDate !== undefined && { StartDate: seconds(s.startDate) }),
    ...(s.endDate !== undefined && { EndDate: seconds(s.endDate) }),
    ...(s.description !== undefined && { Description: s.description }),
    ScheduleExpressionTimezone: s.timezone ?? 'UTC',
    State: s.state,
    CreationDate: seconds(s.creationDate),
    LastModificationDate: seconds(s.lastModificationDate),
    ...(s.kmsKeyArn !== undefined && { KmsKeyArn: s.kmsKeyArn }),
    // AWS fills in the retry policy it applies when none was given (GetSchedule).
    Target: { ...s.target, RetryPolicy: { ...DEFAULT_RETRY, ...s.target.RetryPolicy } },
    FlexibleTimeWindow: s.flexibleTimeWindow,
    ActionAfterCompletion: s.actionAfterCompletion,
  });

  /** The token names the last item's key, so schedules created or deleted meanwhile do not shift pages. */
  function paginate<T>(items: Iterable<T>, query: URLSearchParams, key: (item: T) => SortKey): { items: T[]; NextToken?: string } {
    const max = Number(query.get('MaxResults') ?? 100);
    if (!Number.isInteger(max) || max < 1 || max > 100) throw validation('MaxResults must be between 1 and 100');
    const page = keysetPage(items, { key, limit: max, token: query.get('NextToken') ?? undefined, invalidToken: () => validation('Invalid NextToken') });
    return { items: page.items, ...(page.nextToken && { NextToken: page.nextToken }) };
  }

  async function route(method: string, path: string[], query: URLSearchParams, body: unknown): Promise<unknown> {
    const [collection, rawName] = path;
    const name = rawName === undefined ? undefined : decodeURIComponent(rawName);
    if (collection === 'schedules' && name !== undefined) {
      switch (method) {
        case 'POST': {
          const schedule = readSchedule(name, body);
          const key = scheduleKey(schedule.groupName, name);
          if (store.schedules.has(key)) throw conflict(`Schedule ${name} already exists.`);
          store.schedules.set(key, schedule);
          store.save();
          arm(schedule);
          return { ScheduleArn: schedule.arn };
        }
        case 'PUT': {
          const group = (body as { GroupName?: string } | undefined)?.GroupName ?? DEFAULT_GROUP;
          const existing = scheduleOrFail(group, name);
          const schedule = readSchedule(name, body, existing);
          store.schedules.set(scheduleKey(group, name), schedule);
          store.save();
          arm(schedule);
          return { ScheduleArn: schedule.arn };
        }
        case 'GET':
          return describe(scheduleOrFail(query.get('groupName') ?? DEFAULT_GROUP, name));
        case 'DELETE': {
          const schedule = scheduleOrFail(query.get('groupName') ?? DEFAULT_GROUP, name);
          const key = scheduleKey(schedule.groupName, name);
          disarm(key);
          store.schedules.delete(key);
          store.save();
          return {};
        }
      }
    }
    if (collection === 'schedules' && name === undefined && method === 'GET') {
      const group = query.get('ScheduleGroup');
      const prefix = query.get('NamePrefix') ?? '';
      const state = query.get('State');
      const matching = [...store.schedules.values()].filter((s) => (!group || s.groupName === group) && s.name.startsWith(prefix) && (!state || s.state === state));
      const { items, NextToken } = paginate(matching, query, (s) => [s.groupName, s.name]);
      return {
        Schedules: items.map((s) => ({ Arn: s.arn, Name: s.name, GroupName: s.groupName, State: s.state, CreationDate: seconds(s.creationDate), LastModificationDate: seconds(s.lastModificationDate), Target: { Arn: s.target.Arn } })),
        ...(NextToken && { NextToken }),
      };
    }
    if (collection === 'schedule-groups' && name !== undefined) {
      switch (method) {
        case 'POST': {
          if (!NAME.test(name)) throw validation(`Invalid schedule group name ${name}`);
          if (store.groups.has(name)) throw conflict(`Schedule group ${name} already exists.`);
          const tags = parseBody(groupBodySchema, body)?.Tags;
          const now = clock.now();
          store.groups.set(name, { name, arn: groupArn(name), creationDate: now, lastModificationDate: now, ...(tags && { tags: tagRecord(tags) }) });
          store.save();
          return { ScheduleGroupArn: groupArn(name) };
        }
        case 'GET': {
          const group = groupOrFail(name);
          return { Arn: group.arn, Name: group.name, State: 'ACTIVE', CreationDate: seconds(group.creationDate), LastModificationDate: seconds(group.lastModificationDate) };
        }
        case 'DELETE': {
          if (name === DEFAULT_GROUP) throw validation('The default schedule group cannot be deleted.');
          groupOrFail(name);
          // Deleting a group deletes its schedules.
          for (const [key, schedule] of store.schedules) {
            if (schedule.groupName !== name) continue;
            disarm(key);
            store.schedules.delete(key);
          }
          store.groups.delete(name);
          store.save();
          return {};
        }
      }
    }
    if (collection === 'schedule-groups' && name === undefined && method === 'GET') {
      const prefix = query.get('NamePrefix') ?? '';
      const { items, NextToken } = paginate([...store.groups.values()].filter((g) => g.name.startsWith(prefix)), query, (g) => [g.name]);
      return {
        ScheduleGroups: items.map((g) => ({ Arn: g.arn, Name: g.name, State: 'ACTIVE', CreationDate: seconds(g.creationDate), LastModificationDate: seconds(g.lastModificationDate) })),
        ...(NextToken && { NextToken }),
      };
    }
    if (collection === 'tags' && name !== undefined) {
      const group = [...store.groups.values()].find((g) => g.arn === name);
      if (!group) throw notFound(`Schedule group ${name} does not exist.`);
      switch (method) {
        case 'GET':
          return { Tags: tagList(group.tags) };
        case 'POST': {
          const { Tags } = parseBody(tagsBodySchema, body);
          group.tags = { ...group.tags, ...tagRecord(Tags) };
          store.save();
          return {};
        }
        case 'DELETE': {
          const remaining = { ...group.tags };
          for (const key of query.getAll('TagKeys')) delete remaining[key];
          group.tags = remaining;
          store.save();
          return {};
        }
      }
    }
    throw validation(`Unsupported operation ${method} /${path.join('/')}`);
  }

  return {
    name: 'scheduler',
    accepts(req: IncomingMessage) {
      if (req.headers['x-amz-target'] !== undefined) return false;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      return /^\/(schedules|schedule-groups)(\/|$)/.test(path) || (path.startsWith('/tags/') && decodeURIComponent(path).includes(':scheduler:'));
    },

    async handle(req: IncomingMessage, res: ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const requestId = randomUUID();
      const raw = (await readBody(req)).toString('utf8');
      try {
        let body: unknown;
        try {
          body = raw ? (JSON.parse(raw) as unknown) : undefined;
        } catch {
          throw validation('The request body is not valid JSON');
        }
        const result = await route(req.method ?? 'GET', url.pathname.split('/').slice(1), url.searchParams, body);
        res.setHeader('x-amzn-requestid', requestId);
        sendJson(res, 200, result, 'application/json');
      } catch (error) {
        const failure = error instanceof SchedulerError ? error : new SchedulerError('InternalServerException', error instanceof Error ? error.message : String(error), 500);
        res.setHeader('x-amzn-requestid', requestId);
        res.setHeader('x-amzn-errortype', failure.type);
        sendJson(res, failure.status, { Message: failure.message }, 'application/json');
      }
    },

    start() {
      started = true;
      for (const schedule of [...store.schedules.values()]) arm(schedule);
    },

    async close() {
      started = false;
      timers.clear();
      armed.clear();
      asyncLambda.close();
      targets.close();
    },
  };
}
