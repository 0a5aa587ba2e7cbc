import type { HistoryEvent } from '@aws-sdk/client-sfn';

/**
 * The workflow engine as the application sees it: Step Functions on AWS and on the local cloud
 * (`step-functions-engine.ts`), an in-memory fake in unit tests. A workflow is named by its state
 * machine ARN (`state-machines.ts`).
 */
export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  status: string;
  startDate: Date;
  stopDate?: Date;
}

export interface WorkflowEngine {
  /**
   * Starts the named execution, once: names are unique per state machine, and a start of a name
   * that was started before (whatever its input, running or finished) starts nothing more.
   */
  start(stateMachineArn: string, name: string, input: unknown): Promise<{ executionArn: string }>;
  /**
   * Resumes a workflow waiting on a callback token with the task's result. False when the token
   * is no longer waited on (its state timed out and was re-entered, or it was answered before).
   */
  answer(taskToken: string, output: unknown): Promise<boolean>;
  /** The execution, or undefined when the engine does not know it. */
  describe(executionArn: string): Promise<ExecutionDescription | undefined>;
  /** Every event of the execution's history, oldest first; without `includeData`, no inputs or outputs. */
  history(executionArn: string, options: { includeData: boolean }): Promise<HistoryEvent[]>;
  /** The ASL text of the state machine version the execution runs (absent where the engine cannot tell, e.g. unit-test fakes). */
  definition?(executionArn: string): Promise<string | undefined>;
}
