import type { CompiledCatcher, CompiledPathFields, CompiledState } from '../definition.ts';
import { toleratedCountProblem, toleratedPercentageProblem, type MapRunSettings } from '../distributed-map.ts';
import { StatesError } from '../errors.ts';
import type { Frame } from '../model.ts';
import { noChoiceMatched, scheduleTask, startMap, startParallel, startWait, taskToken } from '../state-starts.ts';
import type { ContextExtra, StateRun } from '../state-run.ts';
import { NoSuchPath, readPath, writeReferencePath } from './paths.ts';
import type { PathTemplate } from './payload.ts';
import { PathFailure, readReference, referenceTarget, runtimeFailure, type PathScope } from './scope.ts';
import { parseTimestamp } from './timestamps.ts';

/**
 * JSONPath states: InputPath, then Parameters, the work, then (Assign,) ResultSelector,
 * ResultPath and OutputPath, as AWS processes them. A path that names nothing fails the state
 * with `States.Runtime` and AWS's cause; a failing intrinsic with `States.IntrinsicFailure`.
 */
export async function runPathState(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  return guarded(frame, state, () => runWork(run, frame, state, fields(state)));
}

export async function finishPathState(run: StateRun, frame: Frame, state: CompiledState, value: unknown): Promise<boolean> {
  return guarded(frame, state, () => {
    const p = fields(state);
    if (state.type === 'Wait') {
      const input = applyPath(p.inputPath, frame.input, run, frame);
      return run.exitState(frame, state, applyPath(p.outputPath, input, run, frame), assign(p.assign, scope(run, frame, input)), state.next);
    }
    const assigned = assign(p.assign, scope(run, frame, value));
    const selected = p.resultSelector ? p.resultSelector(scope(run, frame, value)) : value;
    const output = applyPath(p.outputPath, applyResultPath(frame.input, selected, p.resultPath), run, frame);
    return run.exitState(frame, state, output, assigned, state.next);
  });
}

export async function catchPathState(run: StateRun, frame: Frame, state: CompiledState, catcher: CompiledCatcher, errorOutput: Record<string, unknown>): Promise<boolean> {
  return guarded(frame, state, () => {
    const assigned = assign(catcher.pathAssign, scope(run, frame, errorOutput));
    const output = applyResultPath(frame.input, errorOutput, catcher.resultPath);
    return run.exitState(frame, state, output, assigned, catcher.next);
  });
}

const fields = (state: CompiledState): CompiledPathFields => {
  if (!state.paths) throw new Error(`State '${state.name}' has no JSONPath fields`);
  return state.paths;
};

/** Turns a path failure into the state's StatesError, with AWS's "An error occurred ..." prefix. */
function guarded(frame: Frame, state: CompiledState, work: () => boolean): boolean {
  try {
    return work();
  } catch (error) {
    if (error instanceof PathFailure) {
      throw new StatesError(error.error, `An error occurred while executing the state '${state.name}' (entered at the event id #${frame.enteredEventId}). ${error.detail}`);
    }
    throw error;
  }
}

function scope(run: StateRun, frame: Frame, input: unknown, extra?: ContextExtra): PathScope {
  return { input, context: () => run.context(frame, extra), vars: run.variables(frame) };
}

/**
 * InputPath / OutputPath (and the other path fields): absent is `$`, null is `{}`. `$...` reads
 * `data`; `$$...` the context object and `$name...` a variable, as AWS allows.
 */
function applyPath(path: string | null | undefined, data: unknown, run: StateRun, frame: Frame): unknown {
  if (path === undefined) return data;
  if (path === null) return {};
  try {
    if (path === '$' || path.startsWith('$.') || path.startsWith('$[')) return readPath(path, data);
    const target = referenceTarget(path, scope(run, frame, data), path);
    return readPath(target.path, target.data);
  } catch (error) {
    if (error instanceof NoSuchPath) throw runtimeFailure(`Invalid path '${path}' : ${error.detail}`);
    throw error;
  }
}

/** A path field's value, or undefined when it names nothing. */
function probeField(path: string, data: unknown, run: StateRun, frame: Frame): unknown {
  try {
    return applyPath(path, data, run, frame);
  } catch (error) {
    if (error instanceof PathFailure) return undefined;
    throw error;
  }
}

/** ResultPath: absent is `$` (the result replaces the input), null keeps the input as it was. */
function applyResultPath(input: unknown, result: unknown, path: string | null | undefined): unknown {
  if (path === undefined || path === '$') return result;
  if (path === null) return input;
  try {
    return writeReferencePath(input, path, result);
  } catch (error) {
    if (error instanceof NoSuchPath) throw runtimeFailure(`Invalid path '${path}' : ${error.detail}`);
    throw error;
  }
}

function assign(template: PathTemplate | undefined, pathScope: PathScope): Record<string, unknown> | undefined {
  if (!template) return undefined;
  const values = template(pathScope) as Record<string, unknown>;
  return Object.keys(values).length === 0 ? undefined : values;
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function runWork(run: StateRun, frame: Frame, state: CompiledState, p: CompiledPathFields): boolean {
  switch (state.type) {
    case 'Pass': {
      const input = applyPath(p.inputPath, frame.input, run, frame);
      const effective = p.parameters ? p.parameters(scope(run, frame, input)) : input;
      const result = p.hasResult ? p.result : effective;
      const assigned = assign(p.assign, scope(run, frame, result));
      const output = applyPath(p.outputPath, applyResultPath(frame.input, result, p.resultPath), run, frame);
      return run.exitState(frame, state, output, assigned, state.next);
    }
    case 'Succeed': {
      const input = applyPath(p.inputPath, frame.input, run, frame);
      return run.exitState(frame, state, applyPath(p.outputPath, input, run, frame), undefined, undefined);
    }
    case 'Fail': {
      const failScope = scope(run, frame, frame.input);
      const error = p.errorPath ? p.errorPath(failScope) : p.error;
      const cause = p.causePath ? p.causePath(failScope) : p.cause;
      return run.failFrame(frame, new StatesError(error === undefined ? '' : shown(error), cause === undefined ? undefined : shown(cause)));
    }
    case 'Choice': {
      const input = applyPath(p.inputPath, frame.input, run, frame);
      const choiceScope = scope(run, frame, input);
      const rule = (state.choices ?? []).find((r) => r.test?.(choiceScope));
      if (!rule && state.default === undefined) throw noChoiceMatched(frame, state);
      const assigned = assign(rule?.pathAssign ?? p.assign, choiceScope);
      return run.exitState(frame, state, applyPath(p.outputPath, input, run, frame), assigned, rule ? rule.next : state.default);
    }
    case 'Wait':
      return wait(run, frame, p);
    case 'Task': {
      const input = applyPath(p.inputPath, frame.input, run, frame);
      const token = taskToken(run, frame, state);
      const taskScope = scope(run, frame, input, token === undefined ? {} : { token });
      const args = p.parameters ? p.parameters(taskScope) : input;
      const timeout = state.literalTimeout ?? secondsAt(p.timeoutSecondsPath, input, run, frame);
      const heartbeat = state.literalHeartbeat ?? secondsAt(p.heartbeatSecondsPath, input, run, frame);
      const credentials = p.credentials?.(taskScope);
      return scheduleTask(run, frame, state, args, { token, timeout, heartbeat, credentials });
    }
    case 'Parallel': {
      const input = applyPath(p.inputPath, frame.input, run, frame);
      const effective = p.parameters ? p.parameters(scope(run, frame, input)) : input;
      return startParallel(run, frame, state, effective);
    }
    case 'Map':
      return map(run, frame, state, p);
  }
}

/** TimeoutSecondsPath / HeartbeatSecondsPath: a positive integer in the state input. */
function secondsAt(path: string | undefined, input: unknown, run: StateRun, frame: Frame): number | undefined {
  if (path === undefined) return undefined;
  const value = applyPath(path, input, run, frame);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw runtimeFailure(`The value at '${path}' must be a positive integer, but was: ${JSON.stringify(value)}`);
  }
  return value;
}

// AWS refuses a Wait longer than Java's Integer.MAX_VALUE seconds.
const MAX_WAIT_MS = 2_147_483_647 * 1000;

function wait(run: StateRun, frame: Frame, p: CompiledPathFields): boolean {
  const input = applyPath(p.inputPath, frame.input, run, frame);
  let until: number;
  if (p.seconds !== undefined) {
    until = frame.enteredAt + p.seconds * 1000;
  } else if (p.secondsPath !== undefined) {
    const path = p.secondsPath;
    const value = probeField(path, input, run, frame);
    if (value === undefined) throw runtimeFailure(`The SecondsPath parameter does not reference an input value: ${path}`);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw runtimeFailure(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${shown(value)}`);
    }
    if (value < 0) throw runtimeFailure(`The SecondsPath parameter references a negative value: ${path} == ${value}`);
    until = frame.enteredAt + value * 1000;
  } else if (p.timestampPath !== undefined) {
    const path = p.timestampPath;
    const value = probeField(path, input, run, frame);
    if (value === undefined) throw runtimeFailure(`The TimestampPath parameter does not reference an input value: ${path}`);
    const parsed = parseTimestamp(value);
    if (parsed === undefined) {
      throw runtimeFailure(`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${shown(value)}`);
    }
    until = parsed;
  } else {
    const parsed = parseTimestamp(p.timestamp);
    if (parsed === undefined) throw runtimeFailure(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${String(p.timestamp)}`);
    until = parsed;
  }
  if (until - frame.enteredAt > MAX_WAIT_MS) throw runtimeFailure('Wait state delay is too long.');
  return startWait(run, frame, until);
}

/** An integer field given by a `...Path`: AWS's cause quotes the value and the path. */
function integerAt(field: string, path: string, input: unknown, pathScope: PathScope, kind: 'integer' | 'float'): number {
  const value = readReference(path, { ...pathScope, input }, field);
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || (kind === 'integer' && !Number.isInteger(number))) {
    throw runtimeFailure(`The ${field} field refers to value "${shown(value)}" which is not a valid ${kind}: ${path}`);
  }
  return number;
}

function map(run: StateRun, frame: Frame, state: CompiledState, p: CompiledPathFields): boolean {
  const input = applyPath(p.inputPath, frame.input, run, frame);
  const mapScope = scope(run, frame, input);
  let items: unknown = input;
  if (p.itemsPath !== undefined) {
    try {
      items = readReference(p.itemsPath, mapScope, 'ItemsPath');
    } catch (error) {
      if (error instanceof PathFailure) throw runtimeFailure(`Invalid path '${p.itemsPath}' : ${error.detail}`);
      throw error;
    }
  }
  if (!Array.isArray(items)) {
    const shownPath = (p.itemsPath ?? '$').replace(/^\$\$/, '$');
    throw runtimeFailure(`Reference path "${shownPath}" must point to array.`);
  }
  const limit = p.maxConcurrency ?? (p.maxConcurrencyPath === undefined ? undefined : integerAt('MaxConcurrencyPath', p.maxConcurrencyPath, input, mapScope, 'integer'));
  if (limit !== undefined && limit < 0) throw runtimeFailure(`The MaxConcurrencyPath field refers to value "${limit}" which is not a valid integer: ${p.maxConcurrencyPath ?? ''}`);
  const selector = p.itemSelector;
  const selected = selector ? items.map((value: unknown, index) => selector(scope(run, frame, input, { mapItem: { Index: index, Value: value } }))) : items;
  if (!state.distributed) return startMap(run, frame, state, selected, limit);
  return startMap(run, frame, state, selected, limit, () => mapRunSettings(state, p, input, mapScope));
}

/** A distributed Map's tolerated failures and ItemBatcher; AWS reads them after MapStateStarted. */
function mapRunSettings(state: CompiledState, p: CompiledPathFields, input: unknown, mapScope: PathScope): MapRunSettings {
  const settings: MapRunSettings = {};
  if (state.label !== undefined) settings.label = state.label;
  const count = p.toleratedFailureCountPath === undefined ? p.toleratedFailureCount : integerAt('ToleratedFailureCountPath', p.toleratedFailureCountPath, input, mapScope, 'integer');
  if (count !== undefined) {
    const problem = toleratedCountProblem(count);
    if (problem) throw runtimeFailure(problem);
    settings.toleratedFailureCount = count;
  }
  const percentage = p.toleratedFailurePercentagePath === undefined ? p.toleratedFailurePercentage : integerAt('ToleratedFailurePercentagePath', p.toleratedFailurePercentagePath, input, mapScope, 'float');
  if (percentage !== undefined) {
    const problem = toleratedPercentageProblem(percentage);
    if (problem) throw runtimeFailure(problem);
    settings.toleratedFailurePercentage = percentage;
  }
  const batcher = p.itemBatcher;
  if (batcher) {
    const positive = (field: string, literal: number | undefined, path: string | undefined) => {
      const value = path === undefined ? literal : integerAt(field, path, input, mapScope, 'integer');
      return value !== undefined && value > 0 ? value : undefined;
    };
    settings.batcher = {
      maxItemsPerBatch: positive('MaxItemsPerBatchPath', batcher.maxItemsPerBatch, batcher.maxItemsPerBatchPath),
      maxInputBytesPerBatch: positive('MaxInputBytesPerBatchPath', batcher.maxInputBytesPerBatch, batcher.maxInputBytesPerBatchPath),
      batchInput: batcher.batchInput ? batcher.batchInput(mapScope) : undefined,
    };
  }
  return settings;
}
