import type { TaskResource } from '../resources.ts';

/** One Task attempt handed to an integration, and what came of it. */
export interface TaskCall {
  resource: TaskResource;
  args: unknown;
  token?: string;
  executionArn: string;
}

export type TaskOutcome = { ok: true; value: unknown } | { ok: false; error: string; cause?: string };

/** What a `.sync`/`.sync:2` parent learns about the child execution it started. */
export interface ChildExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface Integrations {
  call(call: TaskCall): Promise<TaskOutcome>;
  /** Polls an execution this engine does not own (the local endpoint may host another one). */
  describeExecution(executionArn: string): Promise<ChildExecution>;
}
