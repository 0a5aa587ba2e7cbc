import { createHash } from 'node:crypto';
import type { BranchDefinition, Catcher, Retrier, StateDefinition, StateMachineDefinition, StateType } from './asl-types.ts';
import { compileTemplate, expressionText, isExpression, type Template } from './jsonata-eval.ts';
import { compileChoiceRule, type ChoiceTest } from './jsonpath/choice-rules.ts';
import { compilePayload, compileSelector, type PathTemplate } from './jsonpath/payload.ts';
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
  /** JSONPath: where the error output goes in the state input (null: discarded). */
  resultPath?: string | null;
  pathAssign?: PathTemplate;
}

export interface CompiledChoice {
  /** JSONata rules. */
  condition?: Template;
  /** JSONPath rules. */
  test?: ChoiceTest;
  next: string;
  output?: Template;
  assign?: CompiledAssign[];
  pathAssign?: PathTemplate;
}

export type QueryLanguage = 'JSONata' | 'JSONPath';

/**
 * The fields of a JSONPath state. A path that is `null` in the definition means "nothing"
 * (`{}` for InputPath/OutputPath, the input for ResultPath); absent means `$`.
 */
export interface CompiledPathFields {
  inputPath?: string | null;
  outputPath?: string | null;
  resultPath?: string | null;
  parameters?: PathTemplate;
  resultSelector?: PathTemplate;
  /** Pass `Result`; `hasResult` tells a literal null from an absent field. */
  result?: unknown;
  hasResult: boolean;
  assign?: PathTemplate;
  itemsPath?: string;
  itemSelector?: PathTemplate;
  maxConcurrency?: number;
  maxConcurrencyPath?: string;
  toleratedFailureCount?: number;
  toleratedFailureCountPath?: string;
  toleratedFailurePercentage?: number;
  toleratedFailurePercentagePath?: string;
  seconds?: number;
  secondsPath?: string;
  timestamp?: string;
  timestampPath?: string;
  timeoutSecondsPath?: string;
  heartbeatSecondsPath?: string;
  credentials?: PathTemplate;
  error?: string;
  errorPath?: PathTemplate;
  cause?: string;
  causePath?: PathTemplate;
  itemBatcher?: {
    maxItemsPerBatch?: number;
    maxItemsPerBatchPath?: string;
    maxInputBytesPerBatch?: number;
    maxInputBytesPerBatchPath?: string;
    batchInput?: PathTemplate;
  };
}

export interface CompiledState {
  name: string;
  type: StateType;
  queryLanguage: QueryLanguage;
  /** Set for JSONPath states. */
  paths?: CompiledPathFields;
  next?: string;
  end: boolean;
  output?: Template;
  assign?: CompiledAssign[];
  arguments?: Template;
  resource?: TaskResource;
  timeoutSeconds?: Template;
  heartbeatSeconds?: Template;
  credentials?: Template;
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
  /** The source of a JSONata `Items` expression, quoted in AWS's cause when it is no array. */
  itemsText?: string;
  itemSelector?: Template;
  maxConcurrency?: Template;
  /** A Map in DISTRIBUTED mode (distributed-map.ts); its JSONata fields follow. */
  distributed?: boolean;
  label?: string;
  toleratedFailureCount?: Template;
  toleratedFailurePercentage?: Template;
  itemBatcher?: Template;
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

const isDistributed = (state: StateDefinition) => (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.Mode === 'DISTRIBUTED';

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
  const root = compileScope(parsed, '', scopes, parsed.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath');
  const machine: CompiledMachine = { hash, text, timeoutSeconds: parsed.TimeoutSeconds, scopes, root };
  cache.set(hash, machine);
  return machine;
}

function compileScope(branch: BranchDefinition, key: string, scopes: Map<string, CompiledScope>, language: QueryLanguage): CompiledScope {
  const scope: CompiledScope = { key, startAt: branch.StartAt, states: new Map() };
  scopes.set(key, scope);
  for (const [name, state] of Object.entries(branch.States)) {
    scope.states.set(name, compileState(name, state, key, scopes, language));
  }
  return scope;
}

function compileState(name: string, state: StateDefinition, scopeKey: string, scopes: Map<string, CompiledScope>, machineLanguage: QueryLanguage): CompiledState {
  const queryLanguage: QueryLanguage = state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath' ? state.QueryLanguage : machineLanguage;
  if (queryLanguage === 'JSONPath') return compilePathState(name, state, scopeKey, scopes, machineLanguage);
  const compiled: CompiledState = {
    name,
    type: state.Type,
    queryLanguage,
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
      compiled.credentials = optional(state.Credentials, 'Credentials');
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
      compiled.scopes = (state.Branches ?? []).map((branch, i) => compileScope(branch, `${scopeKey}/${name}#${i}`, scopes, machineLanguage).key);
      break;
    case 'Map': {
      compiled.items = optional(state.Items, 'Items');
      if (isExpression(state.Items)) compiled.itemsText = expressionText(state.Items);
      compiled.itemSelector = optional(state.ItemSelector, 'ItemSelector');
      compiled.maxConcurrency = optional(state.MaxConcurrency, 'MaxConcurrency');
      if (isDistributed(state)) {
        compiled.distributed = true;
        compiled.label = state.Label;
        compiled.toleratedFailureCount = optional(state.ToleratedFailureCount, 'ToleratedFailureCount');
        compiled.toleratedFailurePercentage = optional(state.ToleratedFailurePercentage, 'ToleratedFailurePercentage');
        compiled.itemBatcher = optional(state.ItemBatcher, 'ItemBatcher');
      }
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) compiled.scopes = [compileScope(processor, `${scopeKey}/${name}`, scopes, machineLanguage).key];
      break;
    }
    default:
      break;
  }
  return compiled;
}

const pathOrNull = (state: StateDefinition, field: 'InputPath' | 'OutputPath' | 'ResultPath'): string | null | undefined => {
  const value = state[field];
  return value === null ? null : typeof value === 'string' ? value : undefined;
};

const optionalPayload = (value: unknown): PathTemplate | undefined => (value === undefined ? undefined : compilePayload(value));
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function compilePathState(name: string, state: StateDefinition, scopeKey: string, scopes: Map<string, CompiledScope>, machineLanguage: QueryLanguage): CompiledState {
  const paths: CompiledPathFields = {
    inputPath: pathOrNull(state, 'InputPath'),
    outputPath: pathOrNull(state, 'OutputPath'),
    resultPath: pathOrNull(state, 'ResultPath'),
    parameters: optionalPayload(state.Parameters),
    resultSelector: optionalPayload(state.ResultSelector),
    result: state.Result,
    hasResult: 'Result' in state,
    assign: optionalPayload(state.Assign),
    itemsPath: str(state.ItemsPath),
    maxConcurrency: num(state.MaxConcurrency),
    maxConcurrencyPath: str(state.MaxConcurrencyPath),
    toleratedFailureCount: num(state.ToleratedFailureCount),
    toleratedFailureCountPath: str(state.ToleratedFailureCountPath),
    toleratedFailurePercentage: num(state.ToleratedFailurePercentage),
    toleratedFailurePercentagePath: str(state.ToleratedFailurePercentagePath),
    seconds: num(state.Seconds),
    secondsPath: str(state.SecondsPath),
    timestamp: str(state.Timestamp),
    timestampPath: str(state.TimestampPath),
    timeoutSecondsPath: str(state.TimeoutSecondsPath),
    heartbeatSecondsPath: str(state.HeartbeatSecondsPath),
    credentials: optionalPayload(state.Credentials),
    error: str(state.Error),
    errorPath: typeof state.ErrorPath === 'string' ? compileSelector(state.ErrorPath, 'ErrorPath') : undefined,
    cause: str(state.Cause),
    causePath: typeof state.CausePath === 'string' ? compileSelector(state.CausePath, 'CausePath') : undefined,
  };
  if (state.Type === 'Map') paths.itemSelector = optionalPayload(state.ItemSelector ?? state.Parameters);
  const compiled: CompiledState = {
    name,
    type: state.Type,
    queryLanguage: 'JSONPath',
    paths,
    next: state.Next,
    end: state.End === true || state.Type === 'Succeed' || state.Type === 'Fail',
    retry: state.Retry ?? [],
    catch: (state.Catch ?? []).map((catcher: Catcher) => ({
      errorEquals: catcher.ErrorEquals,
      next: catcher.Next,
      resultPath: catcher.ResultPath === null ? null : typeof catcher.ResultPath === 'string' ? catcher.ResultPath : undefined,
      pathAssign: optionalPayload(catcher.Assign),
    })),
    scopes: [],
  };
  if (typeof state.TimeoutSeconds === 'number') compiled.literalTimeout = state.TimeoutSeconds;
  if (typeof state.HeartbeatSeconds === 'number') compiled.literalHeartbeat = state.HeartbeatSeconds;
  switch (state.Type) {
    case 'Task': {
      const resource = parseResource(state.Resource ?? '');
      if (typeof resource === 'string') throw new Error(resource);
      compiled.resource = resource;
      break;
    }
    case 'Choice':
      compiled.choices = (state.Choices ?? []).map((rule) => ({
        test: compileChoiceRule(rule as unknown as Record<string, unknown>),
        next: rule.Next,
        pathAssign: optionalPayload(rule.Assign),
      }));
      compiled.default = state.Default;
      break;
    case 'Parallel':
      compiled.scopes = (state.Branches ?? []).map((branch, i) => compileScope(branch, `${scopeKey}/${name}#${i}`, scopes, machineLanguage).key);
      break;
    case 'Map': {
      if (isDistributed(state)) {
        compiled.distributed = true;
        compiled.label = state.Label;
        const batcher = state.ItemBatcher;
        if (batcher) {
          paths.itemBatcher = {
            maxItemsPerBatch: num(batcher.MaxItemsPerBatch),
            maxItemsPerBatchPath: str(batcher.MaxItemsPerBatchPath),
            maxInputBytesPerBatch: num(batcher.MaxInputBytesPerBatch),
            maxInputBytesPerBatchPath: str(batcher.MaxInputBytesPerBatchPath),
            batchInput: optionalPayload(batcher.BatchInput),
          };
        }
      }
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) compiled.scopes = [compileScope(processor, `${scopeKey}/${name}`, scopes, machineLanguage).key];
      break;
    }
    default:
      break;
  }
  return compiled;
}
