import { createHash } from 'node:crypto';
import type { BranchDefinition, Catcher, Retrier, StateDefinition, StateMachineDefinition, StateType } from './asl-types.ts';
import { compileTemplate, type Template } from './jsonata-eval.ts';
import { parseResource, type TaskResource } from './resources.ts';

/**
 * A validated definition turned into what the interpreter walks: every state with its JSONata
 * fields compiled, and every nested state list (Map processor, Parallel branch) registered
 * under a scope key that frames persist (`''` for the top level, `/Map` or `/Par#1` nested).
 */
export interface CompiledAssign {
  name: string;
  value: Template;
}

export interface CompiledCatcher {
  errorEquals: string[];
  next: string;
  output?: Template;
  assign?: CompiledAssign[];
}

export interface CompiledChoice {
  condition: Template;
  next: string;
  output?: Template;
  assign?: CompiledAssign[];
}

export interface CompiledState {
  name: string;
  type: StateType;
  next?: string;
  end: boolean;
  output?: Template;
  assign?: CompiledAssign[];
  arguments?: Template;
  resource?: TaskResource;
  timeoutSeconds?: Template;
  heartbeatSeconds?: Template;
  /** Literal values, as AWS reports them in TaskScheduled (only when not an expression). */
  literalTimeout?: number;
  literalHeartbeat?: number;
  retry: Retrier[];
  catch: CompiledCatcher[];
  choices?: CompiledChoice[];
  default?: string;
  seconds?: Template;
  timestamp?: Template;
  error?: Template;
  cause?: Template;
  items?: Template;
  itemSelector?: Template;
  maxConcurrency?: Template;
  /** Child scope keys: one for a Map, one per Parallel branch. */
  scopes: string[];
}

export interface CompiledScope {
  key: string;
  startAt: string;
  states: Map<string, CompiledState>;
}

export interface CompiledMachine {
  hash: string;
  text: string;
  timeoutSeconds?: number;
  scopes: Map<string, CompiledScope>;
  root: CompiledScope;
}

const compileAssign = (assign: Record<string, unknown> | undefined, field: string): CompiledAssign[] | undefined =>
  assign === undefined
    ? undefined
    : Object.entries(assign).map(([name, value]) => ({ name, value: compileTemplate(value, `${field}/${name}`) }));

const optional = (value: unknown, field: string): Template | undefined =>
  value === undefined ? undefined : compileTemplate(value, field);

export const definitionHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

const cache = new Map<string, CompiledMachine>();

export function compileMachine(text: string, definition?: StateMachineDefinition): CompiledMachine {
  const hash = definitionHash(text);
  const cached = cache.get(hash);
  if (cached) return cached;
  const parsed = definition ?? (JSON.parse(text) as StateMachineDefinition);
  const scopes = new Map<string, CompiledScope>();
  const root = compileScope(parsed, '', scopes);
  const machine: CompiledMachine = { hash, text, timeoutSeconds: parsed.TimeoutSeconds, scopes, root };
  cache.set(hash, machine);
  return machine;
}

function compileScope(branch: BranchDefinition, key: string, scopes: Map<string, CompiledScope>): CompiledScope {
  const scope: CompiledScope = { key, startAt: branch.StartAt, states: new Map() };
  scopes.set(key, scope);
  for (const [name, state] of Object.entries(branch.States)) {
    scope.states.set(name, compileState(name, state, key, scopes));
  }
  return scope;
}

function compileState(name: string, state: StateDefinition, scopeKey: string, scopes: Map<string, CompiledScope>): CompiledState {
  const compiled: CompiledState = {
    name,
    type: state.Type,
    next: state.Next,
    end: state.End === true || state.Type === 'Succeed' || state.Type === 'Fail',
    output: optional(state.Output, 'Output'),
    assign: compileAssign(state.Assign, 'Assign'),
    retry: state.Retry ?? [],
    catch: (state.Catch ?? []).map((catcher: Catcher, i) => ({
      errorEquals: catcher.ErrorEquals,
      next: catcher.Next,
      output: optional(catcher.Output, `Catch[${i}]/Output`),
      assign: compileAssign(catcher.Assign, `Catch[${i}]/Assign`),
    })),
    scopes: [],
  };
  switch (state.Type) {
    case 'Task': {
      const resource = parseResource(state.Resource ?? '');
      if (typeof resource === 'string') throw new Error(resource);
      compiled.resource = resource;
      compiled.arguments = optional(state.Arguments, 'Arguments');
      compiled.timeoutSeconds = optional(state.TimeoutSeconds, 'TimeoutSeconds');
      compiled.heartbeatSeconds = optional(state.HeartbeatSeconds, 'HeartbeatSeconds');
      if (typeof state.TimeoutSeconds === 'number') compiled.literalTimeout = state.TimeoutSeconds;
      if (typeof state.HeartbeatSeconds === 'number') compiled.literalHeartbeat = state.HeartbeatSeconds;
      break;
    }
    case 'Choice':
      compiled.choices = (state.Choices ?? []).map((rule, i) => ({
        condition: compileTemplate(rule.Condition, `Choices[${i}]/Condition`),
        next: rule.Next,
        output: optional(rule.Output, `Choices[${i}]/Output`),
        assign: compileAssign(rule.Assign, `Choices[${i}]/Assign`),
      }));
      compiled.default = state.Default;
      break;
    case 'Wait':
      compiled.seconds = optional(state.Seconds, 'Seconds');
      compiled.timestamp = optional(state.Timestamp, 'Timestamp');
      break;
    case 'Fail':
      compiled.error = optional(state.Error, 'Error');
      compiled.cause = optional(state.Cause, 'Cause');
      break;
    case 'Parallel':
      compiled.arguments = optional(state.Arguments, 'Arguments');
      compiled.scopes = (state.Branches ?? []).map((branch, i) => compileScope(branch, `${scopeKey}/${name}#${i}`, scopes).key);
      break;
    case 'Map': {
      compiled.items = optional(state.Items, 'Items');
      compiled.itemSelector = optional(state.ItemSelector, 'ItemSelector');
      compiled.maxConcurrency = optional(state.MaxConcurrency, 'MaxConcurrency');
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) compiled.scopes = [compileScope(processor, `${scopeKey}/${name}`, scopes).key];
      break;
    }
    default:
      break;
  }
  return compiled;
}
