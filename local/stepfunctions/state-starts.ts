import { isObject } from './asl-types.ts';
import type { CompiledState } from './definition.ts';
import { StatesError } from './errors.ts';
import { batchItems, DISTRIBUTED_MAP_CEILING, startMapRun, type MapRunSettings } from './distributed-map.ts';
import type { Frame, MapRunPhase } from './model.ts';
import type { StateRun } from './state-run.ts';
import { issueToken } from './tokens.ts';

/**
 * How the work of a state starts once its fields are evaluated, shared by the JSONata handlers
 * (state-handlers.ts) and the JSONPath ones (jsonpath/path-states.ts): the phase each records
 * for the drive loop, and the errors both raise alike.
 */
export const noChoiceMatched = (frame: Frame, state: CompiledState) =>
  new StatesError(
    'States.NoChoiceMatched',
    `An error occurred while executing the state '${state.name}' (entered at the event id #${frame.enteredEventId}). No Choice rule matched and the state has no Default.`,
  );

export function startWait(run: StateRun, frame: Frame, until: number): boolean {
  frame.phase = { kind: 'wait', until };
  run.save(frame);
  return true;
}

/** The callback token of a `.waitForTaskToken` task, issued when the state starts its work. */
export function taskToken(run: StateRun, frame: Frame, state: CompiledState): string | undefined {
  const resource = state.resource;
  return resource && resource.kind !== 'lambda-function' && resource.pattern === 'callback' ? issueToken(run.execution.arn, frame.id) : undefined;
}

/** What a Task state's fields evaluated to, besides its arguments. */
export interface TaskSettings {
  token?: string;
  timeout?: number;
  heartbeat?: number;
  /** The evaluated `Credentials` field: AWS records its `RoleArn` as the event's `taskCredentials`. */
  credentials?: unknown;
}

/** Records TaskScheduled/TaskStarted (or the Lambda pair) and parks the frame on the call. */
export function scheduleTask(run: StateRun, frame: Frame, state: CompiledState, args: unknown, { token, timeout, heartbeat, credentials }: TaskSettings): boolean {
  const resource = state.resource;
  if (!resource) throw new Error(`Task state '${state.name}' has no resource`);
  const limits: Record<string, unknown> = {};
  if (timeout !== undefined) limits.timeoutInSeconds = timeout;
  if (heartbeat !== undefined) limits.heartbeatInSeconds = heartbeat;
  const roleArn = isObject(credentials) ? (credentials.RoleArn ?? credentials.roleArn) : undefined;
  if (typeof roleArn === 'string') limits.taskCredentials = { roleArn };
  let attempt: number;
  if (resource.kind === 'lambda-function') {
    attempt = run.emit(frame, 'LambdaFunctionScheduled', { resource: resource.arn, input: args, ...limits });
    run.emit(frame, 'LambdaFunctionStarted');
  } else {
    const names = { resourceType: resource.resourceType, resource: resource.resource };
    attempt = run.emit(frame, 'TaskScheduled', { ...names, region: run.execution.arn.split(':')[3], parameters: args, ...limits });
    run.emit(frame, 'TaskStarted', names);
  }
  const now = run.host.clock.now();
  frame.phase = {
    kind: 'task',
    attempt,
    args,
    submitted: false,
    ...(token === undefined ? {} : { token }),
    ...(timeout === undefined ? {} : { timeoutAt: now + timeout * 1000 }),
    ...(heartbeat === undefined ? {} : { heartbeatAt: now + heartbeat * 1000, heartbeatSeconds: heartbeat }),
  };
  run.save(frame);
  return true;
}

// AWS runs at most 40 iterations of an inline Map at once when MaxConcurrency is 0 (unlimited).
const INLINE_MAP_CEILING = 40;

/**
 * Records MapStateStarted and parks the frame on its iterations (an empty Map is done at once).
 * A distributed Map (`mapRun` given: it reads the run's settings, and may fail the state after
 * MapStateStarted, as AWS does) records its Map Run too.
 */
export function startMap(run: StateRun, frame: Frame, state: CompiledState, selected: unknown[], limit: number | undefined, mapRun?: () => MapRunSettings): boolean {
  const startedEventId = run.emit(frame, 'MapStateStarted', { length: selected.length });
  let items = selected;
  let mapRunPhase: MapRunPhase | undefined;
  if (mapRun) {
    const settings = mapRun();
    items = batchItems(selected, settings);
    mapRunPhase = startMapRun(run.execution.arn, state.name, settings);
    run.host.mapRuns.started({
      arn: mapRunPhase.arn,
      executionArn: run.execution.arn,
      maxConcurrency: limit ?? 0,
      ...(settings.toleratedFailureCount !== undefined && { toleratedFailureCount: settings.toleratedFailureCount }),
      ...(settings.toleratedFailurePercentage !== undefined && { toleratedFailurePercentage: settings.toleratedFailurePercentage }),
      items: selected.length,
      executions: items.length,
    });
    run.emit(frame, 'MapRunStarted', { mapRunArn: mapRunPhase.arn });
  }
  if (items.length === 0) {
    if (mapRunPhase) {
      run.host.mapRuns.ended(mapRunPhase.arn, 'SUCCEEDED');
      run.emit(frame, 'MapRunSucceeded');
    }
    // AWS chains MapStateExited to the event before MapStateSucceeded.
    run.emit(frame, 'MapStateSucceeded', undefined, { chain: false });
    frame.phase = { kind: 'result', value: [] };
  } else {
    frame.phase = {
      kind: 'map',
      items,
      results: items.map(() => null),
      started: 0,
      finished: 0,
      maxConcurrency: !limit ? (mapRunPhase ? DISTRIBUTED_MAP_CEILING : INLINE_MAP_CEILING) : limit,
      startedEventId,
      ...(mapRunPhase ? { run: mapRunPhase } : {}),
    };
  }
  run.save(frame);
  return true;
}

/** Records ParallelStateStarted and starts one child frame per branch. */
export function startParallel(run: StateRun, frame: Frame, state: CompiledState, input: unknown): boolean {
  const startedEventId = run.emit(frame, 'ParallelStateStarted');
  frame.phase = { kind: 'parallel', results: state.scopes.map(() => null), finished: 0, startedEventId };
  run.save(frame);
  run.launchBranches(frame, state, input);
  return false;
}
