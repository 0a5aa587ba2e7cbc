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
   * Starts the named execution. Names are unique per state machine, and a repeat with the same
   * name and input is accepted as the same execution, so a retried start cannot run twice.
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
}
