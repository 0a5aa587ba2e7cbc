/**
 * The parts of the Amazon States Language (JSONata flavour) the interpreter reads. Definitions
 * are validated before they get here, so these types describe a valid document; every field that
 * may hold a JSONata expression is typed `unknown` (a literal, or a `{% ... %}` string, or an
 * object/array containing such strings).
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
}

export interface ChoiceRule {
  Condition: unknown;
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
  Next?: string;
  End?: boolean;
  Output?: unknown;
  Assign?: Record<string, unknown>;
  // Task
  Resource?: string;
  Arguments?: unknown;
  TimeoutSeconds?: unknown;
  HeartbeatSeconds?: unknown;
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
  ItemProcessor?: BranchDefinition & { ProcessorConfig?: { Mode?: string } };
  Iterator?: BranchDefinition;
}

export interface StateMachineDefinition extends BranchDefinition {
  Comment?: string;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
  Version?: string;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
