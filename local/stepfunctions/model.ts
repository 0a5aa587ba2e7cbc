/**
 * What the engine persists. Everything here is plain JSON so a store can write it as is.
 *
 * An execution runs as a tree of frames: the top level is one frame, and every running Map
 * iteration and Parallel branch is a child frame. A frame records where it stands (state, input,
 * phase) and its own variable scope, and is rewritten on every transition, so a restarted process
 * can pick each frame up where it stopped.
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StoredStateMachine {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: 'STANDARD' | 'EXPRESS';
  creationDate: number;
  updateDate?: number;
  revisionId: string;
  /** DELETING while executions still run after DeleteStateMachine (absent: ACTIVE). */
  status?: 'ACTIVE' | 'DELETING';
  tags?: Record<string, string>;
}

export interface StoredExecution {
  arn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  definitionHash: string;
  roleArn: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** A child execution of a distributed Map: the Map Run that started it, and how many items it got. */
  mapRunArn?: string;
  itemCount?: number;
}

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** DescribeMapRun's itemCounts / executionCounts. */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
}

/** A Map Run (distributed Map) as the Map Run API shows it. */
export interface StoredMapRun {
  arn: string;
  executionArn: string;
  /** `...:stateMachine:<machine>/<label>`: what its child executions ran. */
  stateMachineArn: string;
  status: MapRunStatus;
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
}

export type Phase =
  /** The state was entered and its work starts (or starts again) from the beginning. */
  | { kind: 'run' }
  | {
      kind: 'task';
      /** The id of this attempt's Scheduled event; a result for an older attempt is ignored. */
      attempt: number;
      token?: string;
      args: unknown;
      timeoutAt?: number;
      heartbeatAt?: number;
      heartbeatSeconds?: number;
      /** The call was made; a callback task now only waits for its token. */
      submitted: boolean;
      /** For states:startExecution.sync[:2]: the child execution being awaited. */
      child?: string;
    }
  | { kind: 'retry'; until: number }
  | { kind: 'wait'; until: number }
  | {
      kind: 'map';
      items: unknown[];
      results: unknown[];
      started: number;
      finished: number;
      maxConcurrency: number;
      /** The MapStateStarted event, which every MapIterationStarted follows. */
      startedEventId: number;
      /** A distributed Map's run: its iterations record no events here; failures count against the threshold. */
      run?: MapRunPhase;
    }
  | { kind: 'parallel'; results: unknown[]; finished: number; startedEventId: number }
  /** The work is done (task result, joined branches, elapsed wait); Assign/Output come next. */
  | { kind: 'result'; value: unknown }
  /** The state failed; Retry/Catch come next. */
  /** `container`: a Map/Parallel whose child failed; its *StateFailed is recorded once no retrier takes the error. */
  | { kind: 'error'; error: string; cause?: string; aliases?: string[]; container?: boolean };

export interface Frame {
  id: string;
  parentId?: string;
  /** Map item index or Parallel branch index within the parent; -1 for the top level. */
  index: number;
  scope: string;
  state: string;
  input: unknown;
  enteredAt: number;
  enteredEventId: number;
  /** The StateEntered event's previousEventId: AWS chains EvaluationFailed to it. */
  enteredPrev?: number;
  /** Last event on this frame's chain: the next event's previousEventId. */
  prev: number;
  vars: Record<string, unknown>;
  /** An iteration of a distributed Map: a child workflow whose events stay out of this history. */
  quiet?: boolean;
  /** A distributed Map child's execution ARN (its events also go to that execution's history). */
  execution?: string;
  retryCounts: number[];
  retryCount: number;
  phase: Phase;
}

/** A history event as stored: payload fields hold JSON values, serialised when read. */
export interface StoredEvent {
  id: number;
  prev: number;
  ts: number;
  type: string;
  d?: Record<string, unknown>;
}

/** The Map Run of a distributed Map state in progress. */
export interface MapRunPhase {
  arn: string;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  failures: number;
  /** With an ItemBatcher: each child gets `{ BatchInput?, Items }`. */
  batched?: boolean;
}
