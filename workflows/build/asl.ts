/**
 * Typed helpers for the Amazon States Language subset our workflows use (JSONata, Lambda
 * invocations, callback tasks that escalate on their deadline). Each helper writes its fields in
 * the order AWS documents them, so the generated files read like hand-written ASL and diff
 * cleanly against their previous versions.
 */
import type { TaskKind } from '#shared/domain/tasks/task-kinds.ts';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSONata expression as ASL embeds it in a string. */
export type Jsonata = `{% ${string} %}`;
export const jsonata = (expression: string): Jsonata => `{% ${expression} %}`;

/** A `${Name}` placeholder the deployment replaces with an ARN (manifest `substitutions`). */
export const placeholder = (name: string) => `\${${name}}`;

export type Assignments = Readonly<Record<string, JsonValue>>;

export interface Retrier {
  ErrorEquals: readonly string[];
  IntervalSeconds: number;
  MaxAttempts: number;
  BackoffRate: number;
  MaxDelaySeconds: number;
  JitterStrategy: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: readonly string[];
  Assign?: Assignments;
  Next: string;
}

type Transition = { Next: string } | { End: true };

/** Where a state goes when it is done: the name of the next state, or the end of its machine. */
export type Then = string | typeof END;
export const END = { End: true } as const;
const transition = (then: Then): Transition => (typeof then === 'string' ? { Next: then } : END);

export type TaskState = {
  Type: 'Task';
  Comment?: string;
  Resource: string;
  Arguments: JsonValue;
  TimeoutSeconds?: number | Jsonata;
  Output?: JsonValue;
  Assign?: Assignments;
  Retry: readonly Retrier[];
  Catch?: readonly Catcher[];
} & Transition;

export type PassState = { Type: 'Pass'; Comment?: string; Assign?: Assignments } & Transition;

export interface ChoiceState {
  Type: 'Choice';
  Comment?: string;
  Choices: ReadonlyArray<{ Condition: Jsonata; Next: string }>;
  Default: string;
}

export interface SucceedState {
  Type: 'Succeed';
  Comment?: string;
  Output?: JsonValue;
}

export type MapState = {
  Type: 'Map';
  Comment?: string;
  Items: Jsonata;
  ItemSelector?: JsonValue;
  MaxConcurrency?: number;
  ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }; StartAt: string; States: Readonly<Record<string, State>> };
  Assign?: Assignments;
} & Transition;

/** Waits until an instant (`Timestamp`, UTC ISO 8601); one in the past goes on at once. */
export type WaitState = { Type: 'Wait'; Comment?: string; Timestamp: Jsonata } & Transition;

export type State = TaskState | PassState | ChoiceState | SucceedState | MapState | WaitState;

/** A state with its name; a machine starts at its first. */
export type NamedState = readonly [name: string, state: State];

export interface StateMachine {
  Comment: string;
  QueryLanguage: 'JSONata';
  StartAt: string;
  States: Readonly<Record<string, State>>;
}

function startAndStates(states: readonly NamedState[]): { StartAt: string; States: Record<string, State> } {
  const [first] = states;
  if (first === undefined) throw new Error('a state machine needs a state to start at');
  const byName: Record<string, State> = {};
  for (const [name, state] of states) {
    if (name in byName) throw new Error(`two states are named ${name}`);
    byName[name] = state;
  }
  return { StartAt: first[0], States: byName };
}

export function stateMachine(comment: string, states: readonly NamedState[]): StateMachine {
  return { Comment: comment, QueryLanguage: 'JSONata', ...startAndStates(states) };
}

/** The file text: 2-space JSON with a final newline, as the files have always been written. */
export const renderDefinition = (machine: StateMachine) => `${JSON.stringify(machine, null, 2)}\n`;

/**
 * Every Lambda step is retried on a task failure (throttling, a cold start that failed, a
 * conflict the handler gave up on) with jittered backoff; the step handlers are idempotent, so a
 * retry is always safe.
 */
export const STEP_RETRY: readonly Retrier[] = [
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'FULL' },
];

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

const withComment = (comment: string | undefined) => (comment === undefined ? {} : { Comment: comment });

export function pass(options: { comment?: string; assign: Assignments; then: Then }): PassState {
  return { Type: 'Pass', ...withComment(options.comment), Assign: options.assign, ...transition(options.then) };
}

export function waitUntil(options: { comment?: string; timestamp: Jsonata; then: Then }): WaitState {
  return { Type: 'Wait', ...withComment(options.comment), Timestamp: options.timestamp, ...transition(options.then) };
}

/** Conditions are JSONata expressions without the `{% %}`; the first that holds decides. */
export function choice(options: { comment?: string; choices: ReadonlyArray<readonly [condition: string, next: string]>; otherwise: string }): ChoiceState {
  return {
    Type: 'Choice',
    ...withComment(options.comment),
    Choices: options.choices.map(([condition, next]) => ({ Condition: jsonata(condition), Next: next })),
    Default: options.otherwise,
  };
}

export function succeed(options: { comment?: string; output: JsonValue }): SucceedState {
  return { Type: 'Succeed', ...withComment(options.comment), Output: options.output };
}

/** Invokes a step function (a Lambda function named by its placeholder) and waits for its answer. */
export function invoke(options: { comment?: string; function: string; payload: JsonValue; output?: JsonValue; assign?: Assignments; then: Then }): TaskState {
  return {
    Type: 'Task',
    ...withComment(options.comment),
    Resource: LAMBDA_INVOKE,
    Arguments: { FunctionName: placeholder(options.function), Payload: options.payload },
    ...(options.output !== undefined && { Output: options.output }),
    ...(options.assign !== undefined && { Assign: options.assign }),
    Retry: STEP_RETRY,
    ...transition(options.then),
  };
}

/**
 * A callback task that waits for a person until its deadline, then re-enters itself with
 * `$escalation` one higher (the step it invokes escalates, and hands out a new token); an answer
 * resets `$escalation` for the next wait.
 */
export function escalatingCallback(
  self: string,
  options: { comment: string; function: string; payload: Jsonata; timeoutSeconds: Jsonata; assign?: Assignments; then: Then },
): TaskState {
  return {
    Type: 'Task',
    Comment: options.comment,
    Resource: LAMBDA_CALLBACK,
    Arguments: { FunctionName: placeholder(options.function), Payload: options.payload },
    TimeoutSeconds: options.timeoutSeconds,
    Assign: { ...options.assign, escalation: 0 },
    Retry: STEP_RETRY,
    Catch: [{ ErrorEquals: ['States.Timeout'], Assign: { escalation: jsonata('$escalation + 1') }, Next: self }],
    ...transition(options.then),
  };
}

/**
 * The wait for a bureau's task (`functions/steps/open-task`): the step records the task, with
 * `$task` (subject, lead bureau, execution) and what this state adds, and the bureau's answer
 * through `POST /tasks/{id}/complete` resumes the workflow.
 */
export function awaitTask(
  self: string,
  options: {
    kind: TaskKind;
    /** JSONata for the acting bureau, e.g. `$lifecycle.portBureau`. */
    bureau: string;
    /** JSONata for the deadlines by task kind, e.g. `$lifecycle.deadlines`. */
    deadlines: string;
    comment: string;
    assign?: Assignments;
    then: Then;
  },
): TaskState {
  const timeout = `$lookup(${options.deadlines}, '${options.kind}')`;
  const request = [
    `'taskToken': $states.context.Task.Token`,
    `'kind': '${options.kind}'`,
    `'bureau': ${options.bureau}`,
    `'escalation': $escalation`,
    `'timeoutSeconds': ${timeout}`,
    `'enteredAt': $states.context.State.EnteredTime`,
    `'stateName': $states.context.State.Name`,
  ];
  return escalatingCallback(self, {
    comment: options.comment,
    function: 'OpenTaskFunction',
    payload: jsonata(`$merge([$task, {${request.join(', ')}}])`),
    timeoutSeconds: jsonata(timeout),
    ...(options.assign !== undefined && { assign: options.assign }),
    then: options.then,
  });
}

/** Runs the same states for each item, in this execution. */
export function inlineMap(options: {
  comment?: string;
  items: Jsonata;
  itemSelector: JsonValue;
  maxConcurrency: number;
  states: readonly NamedState[];
  assign?: Assignments;
  then: Then;
}): MapState {
  return {
    Type: 'Map',
    ...withComment(options.comment),
    Items: options.items,
    ItemSelector: options.itemSelector,
    MaxConcurrency: options.maxConcurrency,
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...startAndStates(options.states) },
    ...(options.assign !== undefined && { Assign: options.assign }),
    ...transition(options.then),
  };
}
