import { createRequire } from 'node:module';
import { invalidDefinition } from './errors.ts';
import { isObject, type StateMachineDefinition } from './asl-types.ts';
import { expressionText, isExpression, parseExpression } from './jsonata-eval.ts';
import { parseResource } from './resources.ts';

/**
 * Definition checks run at CreateStateMachine/UpdateStateMachine: our own checks first (they
 * name the state and field, in AWS's `CODE: message at /States/Name/Field` form), then
 * asl-validator's schema and graph checks. The engine runs JSONata state machines only.
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

class DefinitionProblem extends Error {}
const fail = (code: string, message: string, location: string): never => {
  throw new DefinitionProblem(`${code}: ${message} at ${location}`);
};

export function validateDefinition(text: string): StateMachineDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw invalidDefinition(`INVALID_JSON_DESCRIPTION: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (!isObject(definition)) fail('SCHEMA_VALIDATION_FAILED', 'The definition must be a JSON object', '/');
    const machine = definition as Record<string, unknown>;
    if (machine.QueryLanguage !== 'JSONata') {
      fail(
        'UNSUPPORTED_QUERY_LANGUAGE',
        'The local Step Functions engine runs JSONata state machines only; set "QueryLanguage": "JSONata" at the top level',
        '/QueryLanguage',
      );
    }
    if (machine.TimeoutSeconds !== undefined && !(Number.isInteger(machine.TimeoutSeconds) && (machine.TimeoutSeconds as number) > 0)) {
      fail('SCHEMA_VALIDATION_FAILED', 'TimeoutSeconds must be a positive integer', '/TimeoutSeconds');
    }
    checkScope(machine, '');
  } catch (error) {
    if (error instanceof DefinitionProblem) throw invalidDefinition(error.message);
    throw error;
  }
  const result = aslValidator(definition, { checkPaths: false, checkArn: false });
  if (!result.isValid) {
    const messages = result.errors.map((e) => `${e['Error code']}: ${e.Message}`);
    throw invalidDefinition(messages.join('; '));
  }
  return definition as StateMachineDefinition;
}

function checkScope(scope: Record<string, unknown>, path: string): void {
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

function checkTarget(target: unknown, names: Set<string>, field: string, location: string): void {
  if (typeof target !== 'string' || !names.has(target)) {
    fail('MISSING_TRANSITION_TARGET', `Missing '${field}' target: ${String(target)}`, location);
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
  if (state.QueryLanguage === 'JSONPath') {
    fail('SCHEMA_VALIDATION_FAILED', "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", location);
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
  const terminal = type === 'Choice' || type === 'Succeed' || type === 'Fail';
  if (!terminal) {
    if (state.End === true && state.Next !== undefined) fail('SCHEMA_VALIDATION_FAILED', 'A state cannot have both Next and End', location);
    if (state.End !== true) checkTarget(state.Next, names, 'Next', `${location}/Next`);
  }
  for (const field of EVALUATED_FIELDS) {
    if (field in state) checkExpressions(state[field], `${location}/${field}`, field === 'Assign');
  }
  if (type === 'Task') checkTask(state, location);
  if (type === 'Choice') checkChoice(state, location, names);
  if (type === 'Wait' && state.Seconds === undefined && state.Timestamp === undefined) {
    fail('SCHEMA_VALIDATION_FAILED', 'A Wait state needs Seconds or Timestamp', location);
  }
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
    if (mode !== undefined && mode !== 'INLINE') {
      fail('UNSUPPORTED_FEATURE', 'Only INLINE Map states are supported by the local engine', `${location}/ItemProcessor/ProcessorConfig/Mode`);
    }
    if ('ItemReader' in state || 'ResultWriter' in state) {
      fail('UNSUPPORTED_FEATURE', 'ItemReader and ResultWriter (distributed Map) are not supported by the local engine', location);
    }
    checkScope(processor, `${location}/ItemProcessor`);
  }
  if ('Retry' in state || 'Catch' in state) {
    if (!['Task', 'Parallel', 'Map'].includes(type as string)) {
      fail('SCHEMA_VALIDATION_FAILED', `Field 'Retry'/'Catch' is not supported on a ${String(type)} state`, location);
    }
    checkErrorHandlers(state, location, names);
  }
}

function checkTask(state: Record<string, unknown>, location: string): void {
  if (typeof state.Resource !== 'string') return fail('SCHEMA_VALIDATION_FAILED', 'A Task state needs a Resource', location);
  const resource = parseResource(state.Resource);
  if (typeof resource === 'string') fail('UNSUPPORTED_RESOURCE', resource, `${location}/Resource`);
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

function checkErrorHandlers(state: Record<string, unknown>, location: string, names: Set<string>): void {
  for (const field of ['Retry', 'Catch'] as const) {
    const list = state[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return fail('SCHEMA_VALIDATION_FAILED', `${field} must be an array`, `${location}/${field}`);
    list.forEach((handler, i) => {
      const at = `${location}/${field}[${i}]`;
      if (!isObject(handler) || !Array.isArray(handler.ErrorEquals) || handler.ErrorEquals.length === 0) {
        return fail('SCHEMA_VALIDATION_FAILED', 'ErrorEquals must be a non-empty array', at);
      }
      const errors = handler.ErrorEquals as unknown[];
      if (errors.includes('States.ALL') && (errors.length > 1 || i !== list.length - 1)) {
        fail('SCHEMA_VALIDATION_FAILED', "'States.ALL' must appear alone, in the last retrier or catcher", at);
      }
      if (field === 'Catch') {
        checkTarget(handler.Next, names, 'Next', `${at}/Next`);
        if (handler.Output !== undefined) checkExpressions(handler.Output, `${at}/Output`, false);
        if (handler.Assign !== undefined) checkExpressions(handler.Assign, `${at}/Assign`, true);
      }
    });
  }
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
