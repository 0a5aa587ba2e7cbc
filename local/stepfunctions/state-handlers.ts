import type { CompiledState } from './definition.ts';
import { StatesError } from './errors.ts';
import type { Bindings, Template } from './jsonata-eval.ts';
import type { Frame } from './model.ts';
import type { StateRun } from './state-run.ts';
import { issueToken } from './tokens.ts';

/**
 * What each state type does once entered (phase `run`). A handler either finishes the state
 * (Pass, Choice, Succeed, Fail) or records the work it started as the frame's next phase and
 * lets the drive loop persist it before the work begins (Task, Wait, Map) - a Parallel starts
 * its branches itself, in the same batch as its phase.
 */
export function runStateWork(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
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
    const matched = await run.evaluate(frame, state, rule.condition, bindings);
    if (typeof matched !== 'boolean') {
      throw run.queryFailure(frame, state, `Choices[${i}]/Condition`, `The Condition of Choices[${i}] must evaluate to a boolean, but it returned ${JSON.stringify(matched)}.`);
    }
    if (matched) {
      const [output, assigned] = await outputAndAssign(run, frame, state, rule.output ?? state.output, rule.assign ?? state.assign);
      return run.exitState(frame, state, output, assigned, rule.next);
    }
  }
  if (state.default === undefined) {
    throw new StatesError(
      'States.NoChoiceMatched',
      `An error occurred while executing the state '${state.name}' (entered at the event id #${frame.enteredEventId}). No Choice rule matched and the state has no Default.`,
    );
  }
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
    const parsed = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(parsed)) {
      throw run.queryFailure(frame, state, 'Timestamp', `The field 'Timestamp' must be an ISO-8601 timestamp, but it was ${JSON.stringify(timestamp)}.`);
    }
    until = parsed;
  }
  frame.phase = { kind: 'wait', until };
  run.save(frame);
  return true;
}

async function task(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const resource = state.resource;
  if (!resource) throw new Error(`Task state '${state.name}' has no resource`);
  const token = resource.kind !== 'lambda-function' && resource.pattern === 'callback' ? issueToken(run.execution.arn, frame.id) : undefined;
  const bindings = run.bindings(frame, { input: frame.input }, token === undefined ? {} : { token });
  const [args, timeout, heartbeat] = await Promise.all([
    state.arguments ? run.evaluate(frame, state, state.arguments, bindings) : frame.input,
    wholeSeconds(run, frame, state, state.timeoutSeconds, 'TimeoutSeconds', bindings, false),
    wholeSeconds(run, frame, state, state.heartbeatSeconds, 'HeartbeatSeconds', bindings, false),
  ]);
  const limits: Record<string, number> = {};
  if (timeout !== undefined) limits.timeoutInSeconds = timeout;
  if (heartbeat !== undefined) limits.heartbeatInSeconds = heartbeat;
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

async function map(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const bindings = run.bindings(frame, { input: frame.input });
  const [items, limit] = await Promise.all([
    state.items ? run.evaluate(frame, state, state.items, bindings) : frame.input,
    wholeSeconds(run, frame, state, state.maxConcurrency, 'MaxConcurrency', bindings, true),
  ]);
  if (!Array.isArray(items)) {
    throw run.queryFailure(frame, state, 'Items', `The field 'Items' must evaluate to a JSON array, but it returned ${JSON.stringify(items)}.`);
  }
  const selector = state.itemSelector;
  const selected = selector
    ? await Promise.all(items.map((value: unknown, index) => run.evaluate(frame, state, selector, run.bindings(frame, { input: frame.input }, { mapItem: { Index: index, Value: value } }))))
    : items;
  const startedEventId = run.emit(frame, 'MapStateStarted', { length: selected.length });
  if (selected.length === 0) {
    run.emit(frame, 'MapStateSucceeded');
    frame.phase = { kind: 'result', value: [] };
  } else {
    frame.phase = {
      kind: 'map',
      items: selected,
      results: selected.map(() => null),
      started: 0,
      finished: 0,
      maxConcurrency: !limit ? INLINE_MAP_CEILING : limit,
      startedEventId,
    };
  }
  run.save(frame);
  return true;
}

async function parallel(run: StateRun, frame: Frame, state: CompiledState): Promise<boolean> {
  const bindings = run.bindings(frame, { input: frame.input });
  const input = state.arguments ? await run.evaluate(frame, state, state.arguments, bindings) : frame.input;
  const startedEventId = run.emit(frame, 'ParallelStateStarted');
  frame.phase = { kind: 'parallel', results: state.scopes.map(() => null), finished: 0, startedEventId };
  run.save(frame);
  run.launchBranches(frame, state, input);
  return false;
}
