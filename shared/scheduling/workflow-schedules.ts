/**
 * One-time schedules that start a workflow execution at a moment: EventBridge Scheduler on AWS
 * and on the local cloud (`eventbridge-schedules.ts`), an in-memory fake in unit tests.
 */
export interface ScheduledStart {
  /** UTC ISO time it fires at. */
  at: string;
  /** The state machine it starts (`shared/orchestration/state-machines.ts`). */
  stateMachineArn: string;
  /** The execution it starts, named so that a second firing cannot start a second run. */
  executionName: string;
  input: unknown;
  description: string;
}

export interface WorkflowSchedules {
  /** Creates the schedule, or moves it when it exists (schedule names are idempotency keys). */
  upsert(name: string, start: ScheduledStart): Promise<void>;
  /** Deletes it; one already gone (fired, or deleted before) is fine. */
  delete(name: string): Promise<void>;
}
