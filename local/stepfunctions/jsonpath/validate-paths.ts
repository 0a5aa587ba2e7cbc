import { isObject } from '../asl-types.ts';
import { checkErrorHandlers, checkTarget, checkTask, fail } from '../validate-problems.ts';
import { COMPARISON_OPERATORS } from './choice-rules.ts';
import { IntrinsicSyntaxError, looksIntrinsic, parseIntrinsic } from './intrinsics.ts';
import { isReferencePath, isValidPath } from './paths.ts';
import { referenceKind } from './scope.ts';
import { parseTimestamp } from './timestamps.ts';

/**
 * Create-time checks of a JSONPath state, in AWS's `CODE: message at /States/Name/Field` form:
 * no JSONata-only fields, every path well formed (ResultPath a reference path), every `.$`
 * value a path or a parsable intrinsic call, Choice rules with one operator each, Wait with one
 * way of waiting.
 */
const JSONATA_FIELDS = ['Arguments', 'Output', 'Items'];
const PATH_FIELDS = [
  'ItemsPath', 'SecondsPath', 'TimestampPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'MaxConcurrencyPath',
  'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath',
];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SCHEMA = 'SCHEMA_VALIDATION_FAILED';

function checkPath(value: unknown, field: string, location: string, nullable: boolean): void {
  if (value === null && nullable) return;
  if (typeof value !== 'string' || !(isValidPath(value) || (value.startsWith('$$') && isValidPath(value.slice(1))) || referenceKind(value) === 'variable')) {
    fail(SCHEMA, `The value for the field '${field}' must be a valid JSONPath`, `${location}/${field}`);
  }
}

function checkSelector(text: unknown, key: string, location: string): void {
  if (typeof text !== 'string') return fail(SCHEMA, `The value for the field '${key}' must be a STRING that contains a JSONPath or an intrinsic function call`, location);
  if (looksIntrinsic(text)) {
    try {
      parseIntrinsic(text);
    } catch (error) {
      if (error instanceof IntrinsicSyntaxError) fail(SCHEMA, `The value for the field '${key}' must be a valid intrinsic function call: ${error.message}`, location);
      throw error;
    }
    return;
  }
  const kind = referenceKind(text);
  const path = kind === 'context' ? text.slice(1) : kind === 'variable' ? `$${text.replace(/^\$[A-Za-z_][A-Za-z0-9_]*/, '')}` : text;
  if (!kind || !isValidPath(path)) fail(SCHEMA, `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, location);
}

/** Every `.$` key at any depth of a payload template (Parameters, ResultSelector, ItemSelector, Assign). */
export function checkPayload(value: unknown, location: string): void {
  if (Array.isArray(value)) value.forEach((item, i) => checkPayload(item, `${location}[${i}]`));
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.endsWith('.$')) checkSelector(item, key, `${location}/${key}`);
      else checkPayload(item, `${location}/${key}`);
    }
  }
}

function checkAssign(value: unknown, location: string): void {
  if (!isObject(value)) return fail(SCHEMA, 'Assign must be an object', location);
  for (const key of Object.keys(value)) {
    const name = key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name)) fail(SCHEMA, `Invalid variable name '${name}'`, `${location}/${key}`);
  }
  checkPayload(value, location);
}

function checkRule(rule: unknown, location: string, topLevel: boolean): void {
  if (!isObject(rule)) return fail(SCHEMA, 'A Choice rule must be an object', location);
  if (rule.Condition !== undefined) {
    fail(SCHEMA, "The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage", location);
  }
  if (!topLevel && rule.Next !== undefined) fail(SCHEMA, "Nested Choice rules cannot have a 'Next' field", location);
  for (const op of ['And', 'Or'] as const) {
    if (rule[op] === undefined) continue;
    if (!Array.isArray(rule[op]) || (rule[op] as unknown[]).length === 0) fail(SCHEMA, `${op} must be a non-empty array`, `${location}/${op}`);
    (rule[op] as unknown[]).forEach((r, i) => checkRule(r, `${location}/${op}[${i}]`, false));
    return;
  }
  if (rule.Not !== undefined) return checkRule(rule.Not, `${location}/Not`, false);
  if (typeof rule.Variable !== 'string') return fail(SCHEMA, "A Choice rule needs a 'Variable' (or And/Or/Not)", location);
  checkSelector(rule.Variable, 'Variable', `${location}/Variable`);
  const operators = Object.keys(rule).filter((key) => COMPARISON_OPERATORS.includes(key));
  if (operators.length !== 1) return fail(SCHEMA, 'A Choice rule must have exactly one comparison operator', location);
  const op = operators[0] as string;
  const operand = rule[op];
  if (op.endsWith('Path')) checkSelector(operand, op, `${location}/${op}`);
  else if (op.startsWith('Is') || op === 'BooleanEquals') {
    if (typeof operand !== 'boolean') fail(SCHEMA, `The value of '${op}' must be a boolean`, `${location}/${op}`);
  } else if (op.startsWith('Numeric')) {
    if (typeof operand !== 'number') fail(SCHEMA, `The value of '${op}' must be a number`, `${location}/${op}`);
  } else if (op.startsWith('Timestamp')) {
    if (parseTimestamp(operand) === undefined) fail(SCHEMA, `The value of '${op}' must be a valid timestamp`, `${location}/${op}`);
  } else if (typeof operand !== 'string') fail(SCHEMA, `The value of '${op}' must be a string`, `${location}/${op}`);
}

export function checkPathState(state: Record<string, unknown>, location: string, names: Set<string>): void {
  const type = state.Type;
  for (const field of JSONATA_FIELDS) {
    if (field in state && !(field === 'Items' && type !== 'Map')) {
      fail(SCHEMA, `The QueryLanguage is set to 'JSONPath', but field '${field}' is only supported for the 'JSONata' QueryLanguage`, location);
    }
  }
  if ('InputPath' in state) checkPath(state.InputPath, 'InputPath', location, true);
  if ('OutputPath' in state) checkPath(state.OutputPath, 'OutputPath', location, true);
  if ('ResultPath' in state && state.ResultPath !== null && !(typeof state.ResultPath === 'string' && isReferencePath(state.ResultPath))) {
    fail(SCHEMA, "The value for the field 'ResultPath' must be a valid ReferencePath", `${location}/ResultPath`);
  }
  for (const field of PATH_FIELDS) if (field in state) checkPath(state[field], field, location, false);
  for (const field of ['Parameters', 'ResultSelector', 'ItemSelector'] as const) {
    if (field in state) checkPayload(state[field], `${location}/${field}`);
  }
  if ('Assign' in state) checkAssign(state.Assign, `${location}/Assign`);
  if (type === 'Task') checkTask(state, location);
  if (type === 'Fail') {
    for (const field of ['ErrorPath', 'CausePath'] as const) if (field in state) checkSelector(state[field], field, `${location}/${field}`);
    if ('Error' in state && 'ErrorPath' in state) fail(SCHEMA, 'A Fail state cannot have both Error and ErrorPath', location);
    if ('Cause' in state && 'CausePath' in state) fail(SCHEMA, 'A Fail state cannot have both Cause and CausePath', location);
  }
  if (type === 'Wait') {
    const ways = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter((field) => field in state);
    if (ways.length !== 1) fail(SCHEMA, 'A Wait state must have exactly one of Seconds, SecondsPath, Timestamp or TimestampPath', location);
    if ('Seconds' in state && !(Number.isInteger(state.Seconds) && (state.Seconds as number) >= 0)) {
      fail(SCHEMA, 'Seconds must be a non-negative integer', `${location}/Seconds`);
    }
    if ('Timestamp' in state && parseTimestamp(state.Timestamp) === undefined) {
      fail(SCHEMA, 'The Timestamp field must be a valid ISO-8601 extended offset date-time', `${location}/Timestamp`);
    }
  }
  if (type === 'Choice') {
    if (!Array.isArray(state.Choices) || state.Choices.length === 0) fail(SCHEMA, 'A Choice state needs at least one rule', `${location}/Choices`);
    (state.Choices as unknown[]).forEach((rule, i) => {
      const at = `${location}/Choices[${i}]`;
      checkRule(rule, at, true);
      const r = rule as Record<string, unknown>;
      checkTarget(r.Next, names, 'Next', `${at}/Next`);
      if (r.Assign !== undefined) checkAssign(r.Assign, `${at}/Assign`);
    });
    if (state.Default !== undefined) checkTarget(state.Default, names, 'Default', `${location}/Default`);
  }
  if ('Retry' in state || 'Catch' in state) {
    if (!['Task', 'Parallel', 'Map'].includes(type as string)) {
      fail(SCHEMA, `Field 'Retry'/'Catch' is not supported on a ${String(type)} state`, location);
    }
    const catchers = state.Catch;
    if (Array.isArray(catchers)) {
      catchers.forEach((catcher, i) => {
        if (!isObject(catcher)) return;
        const at = `${location}/Catch[${i}]`;
        if ('ResultPath' in catcher && catcher.ResultPath !== null && !(typeof catcher.ResultPath === 'string' && isReferencePath(catcher.ResultPath))) {
          fail(SCHEMA, "The value for the field 'ResultPath' must be a valid ReferencePath", `${at}/ResultPath`);
        }
        if (catcher.Assign !== undefined) checkAssign(catcher.Assign, `${at}/Assign`);
      });
    }
    checkErrorHandlers(state, location, names);
  }
}
