import { isObject } from './asl-types.ts';
import type { CompiledCatcher, CompiledState } from './definition.ts';
import type { MapRunSettings } from './distributed-map.ts';
import { StatesError } from './errors.ts';
import type { Bindings, Template } from './jsonata-eval.ts';
import { catchPathState, finishPathState, runPathState } from './jsonpath/path-states.ts';
import { parseTimestamp } from './jsonpath/timestamps.ts';
import type { Frame } from './model.ts';
import type { StateRun } from './state-run.ts';
import { noChoiceMatched, scheduleTask, startMap, startParallel, startWait, taskToken } from './state-starts.ts';

/**
 * What each state type does once entered (phase `run`). A handler either finishes the state
 * (Pass, Choice, Succeed, Fail) or records the work it started as the frame's next phase and
 * lets the drive loop persist it before the work begins (Task, Wait, Map) - a Parallel starts
 * its branches itself, in the same batch as its phase.
 */
export function runStateWork(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  if (state.queryLanguage === 'JSONPath') return runPathState(run, frame, state);
  switch (state.type) {
    case 'Pass':
      return pass(run, frame, state);
    case 'Choice':
      return choice(run, frame, state);
    case 'Succeed':
      return succeed(run, frame, state);
    case 'Fail':
      return fail(run, frame, state);
    case 'Wait':
      return wait(run, frame, state);
    case 'Task':
      return task(run, frame, state);
    case 'Map':
      return map(run, frame, state);
    case 'Parallel':
      return parallel(run, frame, state);
  }
}

/** After the work (phase `result`): Assign and Output (JSONata) or the JSONPath result pipeline. */
export async function finishStateWork(run: StateRun, frame: Frame, state: CompiledState, value: unknown): Promise<boolean> {
  if (state.queryLanguage === 'JSONPath') return finishPathState(run, frame, state, value);
  const hasResult = state.type === 'Task' || state.type === 'Map' || state.type === 'Parallel';
  const bindings = run.bindings(frame, hasResult ? { input: frame.input, result: value } : { input: frame.input });
  const [output, assigned] = await Promise.all([
    state.output ? run.evaluate(frame, state, state.output, bindings) : hasResult ? value : frame.input,
    run.evaluateAssign(frame, state, state.assign, bindings),
  ]);
  return run.exitState(frame, state, output, assigned, state.next);
}

/** A caught error leaves the state through the catcher, with its Output/Assign or ResultPath. */
export async function catchStateError(run: StateRun, frame: Frame, state: CompiledState, catcher: CompiledCatcher, error: StatesError): Promise<boolean> {
  const errorOutput: Record<string, unknown> = { Error: error.error };
  if (error.cause !== undefined) errorOutput.Cause = error.cause;
  if (state.queryLanguage === 'JSONPath') return catchPathState(run, frame, state, catcher, errorOutput);
  const bindings = run.bindings(frame, { input: frame.input, errorOutput });
  const [output, assigned] = await Promise.all([
    catcher.output ? run.evaluate(frame, state, catcher.output, bindings) : errorOutput,
    run.evaluateAssign(frame, state, catcher.assign, bindings),
  ]);
  return run.exitState(frame, state, output, assigned, catcher.next);
}

async function outputAndAssign(run: StateRun, frame: Frame, state: CompiledState, output: Template | undefined, assign: CompiledState['assign']) {
  const bindings = run.bindings(frame, { input: frame.input });
  return Promise.all([
    output ? run.evaluate(frame, state, output, bindings) : frame.input,
    run.evaluateAssign(frame, state, assign, bindings),
  ]);
}

async function pass(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const [output, assigned] = await outputAndAssign(run, frame, state, state.output, state.assign);
  return run.exitState(frame, state, output, assigned, state.next);
}

async function succeed(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const [output] = await outputAndAssign(run, frame, state, state.output, undefined);
  return run.exitState(frame, state, output, undefined, undefined);
}

async function choice(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const bindings = run.bindings(frame, { input: frame.input });
  for (const [i, rule] of (state.choices ?? []).entries()) {
    const matched = await run.evaluate(frame, state, rule.condition as Template, bindings);
    if (typeof matched !== 'boolean') {
      throw run.queryFailure(frame, state, `Choices[${i}]/Condition`, `The Condition of Choices[${i}] must evaluate to a boolean, but it returned ${JSON.stringify(matched)}.`);
    }
    if (matched) {
      const [output, assigned] = await outputAndAssign(run, frame, state, rule.output ?? state.output, rule.assign ?? state.assign);
      return run.exitState(frame, state, output, assigned, rule.next);
    }
  }
  if (state.default === undefined) throw noChoiceMatched(frame, state);
  const [output, assigned] = await outputAndAssign(run, frame, state, state.output, state.assign);
  return run.exitState(frame, state, output, assigned, state.default);
}

async function fail(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const bindings = run.bindings(frame, { input: frame.input });
  const [error, cause] = await Promise.all([
    state.error ? run.evaluate(frame, state, state.error, bindings) : undefined,
    state.cause ? run.evaluate(frame, state, state.cause, bindings) : undefined,
  ]);
  return run.failFrame(frame, new StatesError(error === undefined ? '' : String(error), cause === undefined ? undefined : String(cause)));
}

async function wholeSeconds(run: StateRun, frame: Frame, state: CompiledState, template: Template | undefined, field: string, bindings: Bindings, allowZero: boolean): Promise<number | undefined> {
  if (!template) return undefined;
  const value = await run.evaluate(frame, state, template, bindings);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw run.queryFailure(frame, state, field, `The field '${field}' must be ${allowZero ? 'a non-negative' : 'a positive'} integer, but it was ${JSON.stringify(value)}.`);
  }
  return value;
}

async function wait(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const bindings = run.bindings(frame, { input: frame.input });
  const seconds = await wholeSeconds(run, frame, state, state.seconds, 'Seconds', bindings, true);
  let until: number;
  if (seconds !== undefined) {
    until = frame.enteredAt + seconds * 1000;
  } else {
    const timestamp = state.timestamp ? await run.evaluate(frame, state, state.timestamp, bindings) : undefined;
    const parsed = parseTimestamp(timestamp);
    if (parsed === undefined) {
      throw run.queryFailure(
        frame,
        state,
        'Timestamp',
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof timestamp === 'string' ? timestamp : JSON.stringify(timestamp)}`,
        // AWS chains this check (unlike a failed expression) to the WaitStateEntered event.
        { prev: frame.prev },
      );
    }
    until = parsed;
  }
  return startWait(run, frame, until);
}

async function task(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const resource = state.resource;
  if (!resource) throw new Error(`Task state '${state.name}' has no resource`);
  const token = taskToken(run, frame, state);
  const bindings = run.bindings(frame, { input: frame.input }, token === undefined ? {} : { token });
  const [args, timeout, heartbeat, credentials] = await Promise.all([
    state.arguments ? run.evaluate(frame, state, state.arguments, bindings) : frame.input,
    wholeSeconds(run, frame, state, state.timeoutSeconds, 'TimeoutSeconds', bindings, false),
    wholeSeconds(run, frame, state, state.heartbeatSeconds, 'HeartbeatSeconds', bindings, false),
    state.credentials ? run.evaluate(frame, state, state.credentials, bindings) : undefined,
  ]);
  return scheduleTask(run, frame, state, args, { token, timeout, heartbeat, credentials });
}

async function map(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const bindings = run.bindings(frame, { input: frame.input });
  const [items, limit] = await Promise.all([
    state.items ? run.evaluate(frame, state, state.items, bindings) : frame.input,
    wholeSeconds(run, frame, state, state.maxConcurrency, 'MaxConcurrency', bindings, true),
  ]);
  if (!Array.isArray(items)) {
    if (!state.items) throw run.queryFailure(frame, state, undefined, `Map state input must be an array but was: ${JSON.stringify(items)}`);
    throw run.queryFailure(
      frame,
      state,
      'Items',
      `The JSONata expression '${state.itemsText ?? ''}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${jsonType(items)}' for value: ${JSON.stringify(items)}`,
    );
  }
  const selector = state.itemSelector;
  const selected = selector
    ? await Promise.all(items.map((value: unknown, index) => run.evaluate(frame, state, selector, run.bindings(frame, { input: frame.input }, { mapItem: { Index: index, Value: value } }))))
    : items;
  if (!state.distributed) return startMap(run, frame, state, selected, limit);
  const settings = await mapRunSettings(run, frame, state, bindings);
  return startMap(run, frame, state, selected, limit, () => settings);
}

/** A distributed Map's ToleratedFailureCount/Percentage and ItemBatcher, evaluated on entry. */
async function mapRunSettings(run: StateRun, frame: Frame, state: CompiledState, bindings: Bindings): Promise<MapRunSettings> {
  const [count, percentage, batcher] = await Promise.all([
    wholeSeconds(run, frame, state, state.toleratedFailureCount, 'ToleratedFailureCount', bindings, true),
    state.toleratedFailurePercentage ? run.evaluate(frame, state, state.toleratedFailurePercentage, bindings) : undefined,
    state.itemBatcher ? run.evaluate(frame, state, state.itemBatcher, bindings) : undefined,
  ]);
  if (percentage !== undefined && (typeof percentage !== 'number' || percentage < 0 || percentage > 100)) {
    throw run.queryFailure(frame, state, 'ToleratedFailurePercentage', `The field 'ToleratedFailurePercentage' must be a number between 0 and 100, but it was ${JSON.stringify(percentage)}.`);
  }
  const settings: MapRunSettings = {};
  if (state.label !== undefined) settings.label = state.label;
  if (count !== undefined) settings.toleratedFailureCount = count;
  if (typeof percentage === 'number') settings.toleratedFailurePercentage = percentage;
  if (isObject(batcher)) {
    const whole = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);
    settings.batcher = { maxItemsPerBatch: whole(batcher.MaxItemsPerBatch), maxInputBytesPerBatch: whole(batcher.MaxInputBytesPerBatch), batchInput: batcher.BatchInput };
  }
  return settings;
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

async function parallel(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const bindings = run.bindings(frame, { input: frame.input });
  const input = state.arguments ? await run.evaluate(frame, state, state.arguments, bindings) : frame.input;
  return startParallel(run, frame, state, input);
}
