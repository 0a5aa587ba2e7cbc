import { createRequire } from 'node:module';
import { invalidDefinition } from './errors.ts';
import { expressRestriction } from './express.ts';
import { isObject, type StateMachineDefinition } from './asl-types.ts';
import { expressionText, isExpression, parseExpression } from './jsonata-eval.ts';
import { checkPathState } from './jsonpath/validate-paths.ts';
import { checkErrorHandlers as checkHandlerLists, checkTarget, checkTask, DefinitionProblem, fail } from './validate-problems.ts';

/**
 * Definition checks run at CreateStateMachine/UpdateStateMachine: our own checks first (they
 * name the state and field, in AWS's `CODE: message at /States/Name/Field` form), then
 * asl-validator's schema and graph checks. A machine is JSONPath unless its top-level
 * `QueryLanguage` says JSONata; a JSONPath machine may have JSONata states, not the reverse.
 */
interface AslValidatorResult {
  isValid: boolean;
  errors: { 'Error code': string; Message: string }[];
}
const aslValidator = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: Record<string, unknown>,
) => AslValidatorResult;

const STATE_TYPES = new Set(['Task', 'Choice', 'Pass', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const JSONPATH_FIELDS = [
  'InputPath', 'OutputPath', 'ResultPath', 'ResultSelector', 'Parameters', 'Result', 'ItemsPath',
  'MaxConcurrencyPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'SecondsPath', 'TimestampPath',
  'ErrorPath', 'CausePath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath',
];
const EVALUATED_FIELDS = [
  'Output', 'Assign', 'Arguments', 'TimeoutSeconds', 'HeartbeatSeconds', 'Seconds', 'Timestamp',
  'Error', 'Cause', 'Items', 'ItemSelector', 'MaxConcurrency',
];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_STATE_NAME = 80;

let machineLanguage: 'JSONata' | 'JSONPath' = 'JSONata';

/**
 * Validates a definition as CreateStateMachine / ValidateStateMachineDefinition do. With `type`
 * EXPRESS, what an EXPRESS machine may not contain is reported before the rest of the checks
 * (AWS answers an EXPRESS callback task with that, whatever the service it calls).
 */
export function validateDefinition(text: string, type?: 'STANDARD' | 'EXPRESS'): StateMachineDefinition {
  let definition: unknown;
  // AWS answers a blank definition with a schema failure, not a JSON one.
  if (text.trim() === '') throw invalidDefinition('SCHEMA_VALIDATION_FAILED: The definition must be a JSON object');
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw invalidDefinition(`INVALID_JSON_DESCRIPTION: ${error instanceof Error ? error.message : String(error)} at ${jsonSource(text, error)}`);
  }
  try {
    if (!isObject(definition)) fail('SCHEMA_VALIDATION_FAILED', 'The definition must be a JSON object', '/');
    const machine = definition as Record<string, unknown>;
    if (type === 'EXPRESS') {
      const restriction = expressRestriction(machine as unknown as StateMachineDefinition);
      if (restriction) throw new DefinitionProblem(`SCHEMA_VALIDATION_FAILED: ${restriction}`);
    }
    if (machine.QueryLanguage !== undefined && machine.QueryLanguage !== 'JSONata' && machine.QueryLanguage !== 'JSONPath') {
      fail('SCHEMA_VALIDATION_FAILED', `/QueryLanguage must be one of [JSONata, JSONPath]`, '/QueryLanguage');
    }
    machineLanguage = machine.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    if (machine.TimeoutSeconds !== undefined && !(Number.isInteger(machine.TimeoutSeconds) && (machine.TimeoutSeconds as number) > 0)) {
      fail('SCHEMA_VALIDATION_FAILED', 'TimeoutSeconds must be a positive integer', '/TimeoutSeconds');
    }
    checkScope(machine, '');
  } catch (error) {
    if (error instanceof DefinitionProblem) throw invalidDefinition(error.message);
    throw error;
  }
  // Paths and payload templates are ours to check (jsonpath/validate-paths.ts): asl-validator's
  // path checks refuse intrinsic arguments AWS accepts, such as negative or fractional numbers.
  const result = aslValidator(forSchema(definition), { checkPaths: false, checkArn: false });
  if (!result.isValid) {
    const messages = result.errors.map((e) => `${e['Error code']}: ${e.Message}`);
    throw invalidDefinition(messages.join('; '));
  }
  return definition as StateMachineDefinition;
}

/**
 * asl-validator's schema is stricter than AWS in places our own checks have already covered: a
 * JSONata `Output` or Choice `Condition` may be any JSON literal, `Assign` values any JSON
 * (nested arrays too), `ToleratedFailurePercentage` a fraction. The schema gets stand-ins for
 * those fields.
 */
function forSchema(definition: unknown): unknown {
  const literalOutput = (holder: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...holder };
    if ('Output' in out && !isObject(out.Output) && !isExpression(out.Output)) out.Output = '{% $states.input %}';
    if ('Condition' in out && typeof out.Condition !== 'string') out.Condition = '{% true %}';
    delete out.Assign;
    if (typeof out.ToleratedFailurePercentage === 'number') out.ToleratedFailurePercentage = Math.floor(out.ToleratedFailurePercentage);
    return out;
  };
  const scope = (branch: unknown): unknown => {
    if (!isObject(branch) || !isObject(branch.States)) return branch;
    const states: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(branch.States)) {
      if (!isObject(value)) {
        states[name] = value;
        continue;
      }
      const state = { ...literalOutput(value) };
      if (Array.isArray(state.Catch)) state.Catch = state.Catch.map((c: unknown) => (isObject(c) ? literalOutput(c) : c));
      if (Array.isArray(state.Choices)) state.Choices = state.Choices.map((c: unknown) => (isObject(c) ? literalOutput(c) : c));
      if (Array.isArray(state.Branches)) state.Branches = state.Branches.map(scope);
      if (state.ItemProcessor !== undefined) state.ItemProcessor = scope(state.ItemProcessor);
      if (state.Iterator !== undefined) state.Iterator = scope(state.Iterator);
      states[name] = state;
    }
    return { ...branch, States: states };
  };
  return scope(definition);
}

function checkScope(scope: Record<string, unknown>, path: string): void {
  const missing = ['States', 'StartAt'].filter((field) => !(field in scope));
  if (missing.length > 0) fail('SCHEMA_VALIDATION_FAILED', `These fields are required: [${missing.join(', ')}]`, path === '' ? '/' : path);
  const states = scope.States;
  if (!isObject(states) || Object.keys(states).length === 0) {
    fail('SCHEMA_VALIDATION_FAILED', 'States must be a non-empty object', `${path}/States`);
  }
  const names = new Set(Object.keys(states as object));
  if (typeof scope.StartAt !== 'string' || !names.has(scope.StartAt)) {
    fail('MISSING_TRANSITION_TARGET', `Missing 'StartAt' target: ${String(scope.StartAt)}`, `${path}/StartAt`);
  }
  for (const [name, state] of Object.entries(states as Record<string, unknown>)) {
    checkState(name, state, `${path}/States/${name}`, names);
  }
}

function checkState(name: string, value: unknown, location: string, names: Set<string>): void {
  if (name.length > MAX_STATE_NAME) fail('SCHEMA_VALIDATION_FAILED', `State name is longer than ${MAX_STATE_NAME} characters`, location);
  if (!isObject(value)) return fail('SCHEMA_VALIDATION_FAILED', 'A state must be a JSON object', location);
  const state = value;
  const type = state.Type;
  if (typeof type !== 'string' || !STATE_TYPES.has(type)) {
    fail('SCHEMA_VALIDATION_FAILED', `Unknown state type '${String(type)}'`, `${location}/Type`);
  }
  if (state.QueryLanguage === 'JSONPath' && machineLanguage === 'JSONata') {
    fail('SCHEMA_VALIDATION_FAILED', "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", location);
  }
  if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONata' && state.QueryLanguage !== 'JSONPath') {
    fail('SCHEMA_VALIDATION_FAILED', 'QueryLanguage must be one of [JSONata, JSONPath]', `${location}/QueryLanguage`);
  }
  const language = state.QueryLanguage ?? machineLanguage;
  if (language === 'JSONPath') {
    checkPathState(state, location, names);
    checkTransitions(state, type, location, names);
    checkChildren(state, type, location);
    return;
  }
  for (const field of JSONPATH_FIELDS) {
    if (field in state) {
      fail(
        'SCHEMA_VALIDATION_FAILED',
        `The QueryLanguage is set to 'JSONata', but field '${field}' is only supported for the 'JSONPath' QueryLanguage`,
        location,
      );
    }
  }
  checkTransitions(state, type, location, names);
  for (const field of EVALUATED_FIELDS) {
    if (field in state) checkExpressions(state[field], `${location}/${field}`, field === 'Assign');
  }
  if (type === 'Task') checkTask(state, location);
  if (type === 'Choice') checkChoice(state, location, names);
  if (type === 'Wait' && state.Seconds === undefined && state.Timestamp === undefined) {
    fail('SCHEMA_VALIDATION_FAILED', 'A Wait state needs Seconds or Timestamp', location);
  }
  checkChildren(state, type, location);
  if ('Retry' in state || 'Catch' in state) {
    if (!['Task', 'Parallel', 'Map'].includes(type as string)) {
      fail('SCHEMA_VALIDATION_FAILED', `Field 'Retry'/'Catch' is not supported on a ${String(type)} state`, location);
    }
    checkErrorHandlers(state, location, names);
  }
}

function checkTransitions(state: Record<string, unknown>, type: unknown, location: string, names: Set<string>): void {
  const terminal = type === 'Choice' || type === 'Succeed' || type === 'Fail';
  if (!terminal) {
    if (state.End === true && state.Next !== undefined) fail('SCHEMA_VALIDATION_FAILED', 'A state cannot have both Next and End', location);
    if (state.End !== true) checkTarget(state.Next, names, 'Next', `${location}/Next`);
  }
}

/** Parallel branches and Map processors are scopes of their own, checked like the top level. */
function checkChildren(state: Record<string, unknown>, type: unknown, location: string): void {
  if (type === 'Parallel') {
    if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
      fail('SCHEMA_VALIDATION_FAILED', 'A Parallel state needs at least one branch', `${location}/Branches`);
    }
    (state.Branches as unknown[]).forEach((branch, i) => {
      if (!isObject(branch)) fail('SCHEMA_VALIDATION_FAILED', 'A branch must be an object', `${location}/Branches[${i}]`);
      checkScope(branch as Record<string, unknown>, `${location}/Branches[${i}]`);
    });
  }
  if (type === 'Map') {
    const processor = state.ItemProcessor ?? state.Iterator;
    if (!isObject(processor)) return fail('SCHEMA_VALIDATION_FAILED', 'A Map state needs an ItemProcessor', location);
    const mode = isObject(processor.ProcessorConfig) ? processor.ProcessorConfig.Mode : undefined;
    if (mode !== undefined && mode !== 'INLINE' && mode !== 'DISTRIBUTED') {
      fail('SCHEMA_VALIDATION_FAILED', 'ProcessorConfig Mode must be one of [INLINE, DISTRIBUTED]', `${location}/ItemProcessor/ProcessorConfig/Mode`);
    }
    if ('ItemReader' in state || 'ResultWriter' in state) {
      fail('UNSUPPORTED_FEATURE', 'ItemReader and ResultWriter (distributed Map over S3) are not supported by the local engine', location);
    }
    if (mode !== 'DISTRIBUTED') {
      for (const field of ['ItemBatcher', 'ToleratedFailureCount', 'ToleratedFailurePercentage', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath', 'Label']) {
        if (field in state) fail('SCHEMA_VALIDATION_FAILED', `Field '${field}' is only supported for a Map state in DISTRIBUTED mode`, location);
      }
    }
    checkScope(processor, `${location}/ItemProcessor`);
  }
}

function checkChoice(state: Record<string, unknown>, location: string, names: Set<string>): void {
  if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
    fail('SCHEMA_VALIDATION_FAILED', 'A Choice state needs at least one rule', `${location}/Choices`);
  }
  (state.Choices as unknown[]).forEach((rule, i) => {
    const at = `${location}/Choices[${i}]`;
    if (!isObject(rule)) return fail('SCHEMA_VALIDATION_FAILED', 'A Choice rule must be an object', at);
    if (rule.Condition === undefined) {
      fail('SCHEMA_VALIDATION_FAILED', "A JSONata Choice rule needs a 'Condition' (Variable-based rules are JSONPath only)", at);
    }
    checkExpressions(rule.Condition, `${at}/Condition`, false);
    if (rule.Output !== undefined) checkExpressions(rule.Output, `${at}/Output`, false);
    if (rule.Assign !== undefined) checkExpressions(rule.Assign, `${at}/Assign`, true);
    checkTarget(rule.Next, names, 'Next', `${at}/Next`);
  });
  if (state.Default !== undefined) checkTarget(state.Default, names, 'Default', `${location}/Default`);
}

/** Retry/Catch of a JSONata state: the shared list checks, then each catcher's Output and Assign. */
function checkErrorHandlers(state: Record<string, unknown>, location: string, names: Set<string>): void {
  checkHandlerLists(state, location, names, (catcher, at) => {
    if (catcher.Output !== undefined) checkExpressions(catcher.Output, `${at}/Output`, false);
    if (catcher.Assign !== undefined) checkExpressions(catcher.Assign, `${at}/Assign`, true);
  });
}

function checkExpressions(value: unknown, location: string, isAssign: boolean): void {
  if (isAssign) {
    if (!isObject(value)) return fail('SCHEMA_VALIDATION_FAILED', 'Assign must be an object', location);
    for (const [name, item] of Object.entries(value)) {
      if (!VARIABLE_NAME.test(name) || name === 'states') {
        fail('SCHEMA_VALIDATION_FAILED', `Invalid variable name '${name}'`, `${location}/${name}`);
      }
      checkExpressions(item, `${location}/${name}`, false);
    }
    return;
  }
  if (isExpression(value)) {
    const text = expressionText(value);
    let ast: unknown;
    try {
      ast = parseExpression(text).ast();
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      return fail('INVALID_JSONATA_EXPRESSION', `${code ?? ''}${code ? ': ' : ''}${message ?? String(error)}`, location);
    }
    const problem = topLevelReference(ast, true);
    if (problem) fail('UNSUPPORTED_JSONATA_EXPRESSION', problem, location);
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => checkExpressions(item, `${location}[${i}]`, false));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) checkExpressions(item, `${location}/${key}`, false);
}

const RELATIVE_KEYS = new Set(['stages', 'predicate', 'group', 'terms', 'update', 'delete', 'pattern', 'focus', 'index', 'tuple']);

/**
 * A JSONata expression in Step Functions has no context item: the input is `$states.input`.
 * A path that starts from a bare name (or `$`, `$$`) reads nothing, and AWS refuses it.
 */
function topLevelReference(node: unknown, topLevel: boolean): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = topLevelReference(item, topLevel);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (node.type === 'variable' && node.value === '$') return "Reference to '$$' is not supported.";
  if (topLevel && node.type === 'variable' && node.value === '') return "Reference to '$' is not supported.";
  if (topLevel && node.type === 'name') return `Reference to '${String(node.value)}' at the top level is not supported.`;
  if (node.type === 'path' && Array.isArray(node.steps)) {
    return node.steps.map((step, i) => topLevelReference(step, topLevel && i === 0)).find(Boolean);
  }
  for (const [key, child] of Object.entries(node)) {
    if (typeof child !== 'object' || child === null) continue;
    const found = topLevelReference(child, RELATIVE_KEYS.has(key) ? false : topLevel);
    if (found) return found;
  }
  return undefined;
}

/**
 * Where AWS's (Jackson's) parser reports invalid JSON: `[Source: (String)"<text>"; line: L,
 * column: C]`, the column just past the offending token (a bare word is read whole).
 */
function jsonSource(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  let offset = position ? Number(position[1]) : text.length;
  const word = /[A-Za-z_$][A-Za-z0-9_$]*/y;
  word.lastIndex = offset;
  if (!position) {
    const start = text.search(/\S/);
    word.lastIndex = start < 0 ? text.length : start;
  }
  const match = word.exec(text);
  if (match) offset = word.lastIndex;
  else if (position) offset += 1;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const shown = text.length > 500 ? `${text.slice(0, 500)}"[truncated ${text.length - 500} chars]` : `${text}"`;
  return `[Source: (String)"${shown}; line: ${line}, column: ${column}]`;
}
