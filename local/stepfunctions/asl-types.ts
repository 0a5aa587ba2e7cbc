/**
 * The parts of the Amazon States Language (JSONata and JSONPath) the interpreter reads.
 * Definitions are validated before they get here, so these types describe a valid document;
 * every field that may hold a JSONata expression is typed `unknown` (a literal, or a `{% ... %}`
 * string, or an object/array containing such strings).
 */
export type StateType = 'Task' | 'Choice' | 'Pass' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  Output?: unknown;
  Assign?: Record<string, unknown>;
  ResultPath?: string | null;
}

export interface ChoiceRule {
  /** JSONata; JSONPath rules have `Variable` and an operator, or `And`/`Or`/`Not`. */
  Condition?: unknown;
  Variable?: string;
  Next: string;
  Output?: unknown;
  Assign?: Record<string, unknown>;
}

export interface BranchDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
}

export interface StateDefinition {
  Type: StateType;
  Comment?: string;
  QueryLanguage?: string;
  // JSONPath
  InputPath?: string | null;
  OutputPath?: string | null;
  ResultPath?: string | null;
  Parameters?: unknown;
  ResultSelector?: unknown;
  Result?: unknown;
  ItemsPath?: string;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: number;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: number;
  ToleratedFailurePercentagePath?: string;
  SecondsPath?: string;
  TimestampPath?: string;
  TimeoutSecondsPath?: string;
  HeartbeatSecondsPath?: string;
  ErrorPath?: string;
  CausePath?: string;
  Next?: string;
  End?: boolean;
  Output?: unknown;
  Assign?: Record<string, unknown>;
  // Task
  Resource?: string;
  Arguments?: unknown;
  TimeoutSeconds?: unknown;
  HeartbeatSeconds?: unknown;
  /** `{ RoleArn }` (JSONata or literal) or `{ "RoleArn.$" }` (JSONPath): the role the task runs as. */
  Credentials?: unknown;
  Retry?: Retrier[];
  Catch?: Catcher[];
  // Choice
  Choices?: ChoiceRule[];
  Default?: string;
  // Wait
  Seconds?: unknown;
  Timestamp?: unknown;
  // Fail
  Error?: unknown;
  Cause?: unknown;
  // Parallel
  Branches?: BranchDefinition[];
  // Map
  Items?: unknown;
  ItemSelector?: unknown;
  MaxConcurrency?: unknown;
  ItemProcessor?: BranchDefinition & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
  /** Distributed Map: items grouped per child workflow, and its label. */
  ItemBatcher?: Record<string, unknown>;
  Label?: string;
  Iterator?: BranchDefinition & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
}

export interface StateMachineDefinition extends BranchDefinition {
  Comment?: string;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
  Version?: string;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
