/**
 * A readable timeline of one workflow execution for HQ review, built from its Step Functions
 * history (AWS shape) and, for a consignment, its audit trail. Pure: no I/O, no clock.
 *
 * - One step per state the execution went through. The escalation loop (Catch States.Timeout →
 *   the same Await* state) re-enters a state with a new task token; those re-entries are one
 *   step with its escalations, because for the officer it is one task that waited on.
 * - Who acted comes from the callback's answer (`by` in the TaskSucceeded output, which
 *   POST /tasks/{id}/complete hands to the workflow), else from the `<kind>-completed` event.
 * - Which bureau was told at each escalation comes from the `task-escalated` events.
 * - Times are the history's (the workflow clock); `at` of an answer is the API's.
 */

export interface HistoryEventLike {
  id: number;
  previousEventId?: number;
  /** ISO 8601 (as the API returns it), a Date (as the SDK returns it) or epoch milliseconds. */
  timestamp: string | number | Date;
  type: string;
  [details: string]: unknown;
}

export interface AuditEventLike {
  type: string;
  at: string;
  actor?: { role?: string; bureau?: string; subject?: string };
  data?: Record<string, unknown>;
}

export interface StepActor {
  /** `officer`: a person answered the task; `system`: the workflow's own function did the work. */
  role: 'officer' | 'system';
  bureau?: string;
  subject?: string;
  /** When the answer was given (the API's clock), for callback tasks. */
  at?: string;
}

export interface Escalation {
  /** 1 for the first deadline passed, 2 for the second, … */
  level: number;
  /** When the deadline passed (the TaskTimedOut event). */
  at: string;
  /** The bureau told (responsible, then lead, then HQ), when the audit trail says. */
  notified?: string;
}

export type StepResult = 'succeeded' | 'failed' | 'caught' | 'waiting' | 'aborted';

export interface TimelineStep {
  state: string;
  /** ASL state type: Task, Choice, Pass, Map, Parallel, Wait, Succeed, Fail. */
  stateType: string;
  enteredAt: string;
  exitedAt?: string;
  /** From first entry to exit (or to `now` while the step still waits), escalations included. */
  waitedMs?: number;
  /** A callback task: what kind of work, and the bureau it was for. */
  task?: { kind: string; bureau?: string };
  actedBy?: StepActor;
  outcome?: string;
  disposal?: string;
  escalations: Escalation[];
  result: StepResult;
  /** The error a failed or caught step ended with. */
  error?: { error: string; cause?: string };
  /** Index of the Map iteration the step ran in, for steps inside a Map. */
  iteration?: number;
}

export interface Timeline {
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startedAt?: string;
  stoppedAt?: string;
  durationMs?: number;
  steps: TimelineStep[];
  /** Callback steps and how long each bureau kept the workflow waiting, summed. */
  waitingByBureau: Record<string, number>;
  escalationCount: number;
}

const iso = (timestamp: HistoryEventLike['timestamp']): string => {
  const ms = typeof timestamp === 'number' ? timestamp : typeof timestamp === 'string' ? Date.parse(timestamp) : timestamp.getTime();
  return new Date(ms).toISOString();
};

const between = (from: string, to: string) => Date.parse(to) - Date.parse(from);

function details(event: HistoryEventLike, key: string): Record<string, unknown> {
  const value = event[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The callback's kind and bureau from the Lambda payload (`openTask`'s request) the state sent. */
function taskFromParameters(parameters: unknown): { kind: string; bureau?: string } | undefined {
  const payload = asRecord(asRecord(parseJson(parameters))?.Payload);
  const kind = asString(payload?.kind);
  if (!kind || typeof payload?.taskToken !== 'string') return undefined;
  const bureau = asString(payload.bureau);
  return { kind, ...(bureau && { bureau }) };
}

const TERMINAL: Record<string, Timeline['status']> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

interface OpenStep {
  step: TimelineStep;
  /** Set by TaskTimedOut: the state exits through its Catch and may come straight back. */
  timedOut?: string | undefined;
  /** What did the work of a task that is not a callback: the function's name, or the resource. */
  worker?: string | undefined;
}

/** `arn:…:function:closeConsignment` → `closeConsignment`; an SDK integration names its resource. */
function workerOf(scheduled: Record<string, unknown>): string | undefined {
  const functionName = asString(asRecord(parseJson(scheduled.parameters))?.FunctionName);
  if (functionName) return functionName.slice(functionName.lastIndexOf(':') + 1);
  const resourceType = asString(scheduled.resourceType);
  const resource = asString(scheduled.resource);
  return resourceType && resource ? `${resourceType}:${resource}` : undefined;
}

export function buildTimeline(
  history: readonly HistoryEventLike[],
  options: { auditEvents?: readonly AuditEventLike[]; now?: string } = {},
): Timeline {
  const events = [...history].sort((a, b) => a.id - b.id);
  const byId = new Map(events.map((e) => [e.id, e]));
  const steps: TimelineStep[] = [];
  /** StateEntered event id → the step it opened (re-entries map to the step they continue). */
  const stepOfEntry = new Map<number, OpenStep>();
  const open: OpenStep[] = [];
  /** StateExited event id → the step it closed, so a re-entry can find what it continues. */
  const stepOfExit = new Map<number, OpenStep>();
  const iterationOfEvent = new Map<number, number | undefined>();
  let status: Timeline['status'] = 'RUNNING';
  let startedAt: string | undefined;
  let stoppedAt: string | undefined;

  // Walks the frame's chain of previousEventIds back to the StateEntered it belongs to.
  const owningEntry = (event: HistoryEventLike): OpenStep | undefined => {
    let cursor = event.previousEventId !== undefined ? byId.get(event.previousEventId) : undefined;
    for (let hops = 0; cursor && hops < events.length; hops++) {
      if (cursor.type.endsWith('StateEntered')) return stepOfEntry.get(cursor.id);
      cursor = cursor.previousEventId !== undefined ? byId.get(cursor.previousEventId) : undefined;
    }
    return undefined;
  };
  const iterationOf = (event: HistoryEventLike | undefined): number | undefined => {
    if (!event) return undefined;
    if (iterationOfEvent.has(event.id)) return iterationOfEvent.get(event.id);
    let value: number | undefined;
    if (event.type === 'MapIterationStarted') {
      const index = details(event, 'mapIterationStartedEventDetails').index;
      value = typeof index === 'number' ? index : undefined;
    } else if (event.type.endsWith('StateEntered') || event.type.endsWith('StateExited') || event.type.startsWith('Task')) {
      value = iterationOf(event.previousEventId !== undefined ? byId.get(event.previousEventId) : undefined);
    }
    // A Map's own events, and everything after it in the parent frame, leave the iterations behind.
    iterationOfEvent.set(event.id, value);
    return value;
  };
  const current = (event: HistoryEventLike, name?: string): OpenStep | undefined => {
    const owner = owningEntry(event);
    if (owner && open.includes(owner) && (name === undefined || owner.step.state === name)) return owner;
    for (let i = open.length - 1; i >= 0; i--) {
      const candidate = open[i];
      if (candidate && (name === undefined || candidate.step.state === name)) return candidate;
    }
    return undefined;
  };
  const close = (entry: OpenStep) => open.splice(open.indexOf(entry), 1);

  for (const event of events) {
    const at = iso(event.timestamp);
    const type = event.type;
    if (type === 'ExecutionStarted') {
      startedAt = at;
    } else if (TERMINAL[type]) {
      status = TERMINAL[type] ?? status;
      stoppedAt = at;
    } else if (type.endsWith('StateEntered')) {
      const name = String(details(event, 'stateEnteredEventDetails').name ?? '');
      const previous = event.previousEventId !== undefined ? byId.get(event.previousEventId) : undefined;
      const continued = previous?.type.endsWith('StateExited') ? stepOfExit.get(previous.id) : undefined;
      if (continued && continued.step.state === name && continued.timedOut !== undefined) {
        // The escalation loop: same state, new token. One step, one more escalation.
        continued.step.escalations.push({ level: continued.step.escalations.length + 1, at: continued.timedOut });
        delete continued.step.exitedAt;
        delete continued.step.error;
        continued.step.result = 'waiting';
        continued.timedOut = undefined;
        open.push(continued);
        stepOfEntry.set(event.id, continued);
        continue;
      }
      const iteration = iterationOf(event);
      const step: TimelineStep = {
        state: name,
        stateType: type.slice(0, -'StateEntered'.length),
        enteredAt: at,
        escalations: [],
        result: 'waiting',
        ...(iteration !== undefined && { iteration }),
      };
      steps.push(step);
      const entry: OpenStep = { step };
      stepOfEntry.set(event.id, entry);
      open.push(entry);
    } else if (type.endsWith('StateExited')) {
      const name = String(details(event, 'stateExitedEventDetails').name ?? '');
      const entry = current(event, name);
      if (!entry) continue;
      entry.step.exitedAt = at;
      entry.step.waitedMs = between(entry.step.enteredAt, at);
      entry.step.result = entry.step.error ? 'caught' : 'succeeded';
      stepOfExit.set(event.id, entry);
      close(entry);
    } else if (type === 'TaskScheduled') {
      const entry = current(event);
      const scheduled = details(event, 'taskScheduledEventDetails');
      const task = taskFromParameters(scheduled.parameters);
      if (entry && task) entry.step.task = task;
      else if (entry) entry.worker = workerOf(scheduled);
    } else if (type === 'TaskSucceeded') {
      const entry = current(event);
      if (!entry) continue;
      const output = asRecord(parseJson(details(event, 'taskSucceededEventDetails').output));
      if (entry.step.task) {
        const by = asRecord(output?.by);
        const outcome = asString(output?.outcome);
        const disposal = asString(output?.disposal);
        if (by) {
          const answeredAt = asString(output?.at);
          entry.step.actedBy = { role: 'officer', ...pick(by, 'bureau', 'subject'), ...(answeredAt && { at: answeredAt }) };
        }
        if (outcome) entry.step.outcome = outcome;
        if (disposal) entry.step.disposal = disposal;
      } else {
        entry.step.actedBy = { role: 'system', ...(entry.worker && { subject: entry.worker }) };
      }
      entry.timedOut = undefined;
      delete entry.step.error;
    } else if (type === 'TaskFailed' || type === 'TaskTimedOut' || type.endsWith('StateFailed')) {
      const entry = current(event);
      if (!entry) continue;
      const d = details(event, `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`);
      const error = asString(d.error) ?? (type === 'TaskTimedOut' ? 'States.Timeout' : 'States.TaskFailed');
      const cause = asString(d.cause);
      entry.step.error = { error, ...(cause && { cause }) };
      if (type === 'TaskTimedOut') entry.timedOut = at;
    }
  }

  // Steps still open when the execution stopped did not finish; while it runs they wait on.
  for (const entry of open) {
    if (status === 'RUNNING') {
      if (options.now) entry.step.waitedMs = Math.max(0, between(entry.step.enteredAt, options.now));
    } else {
      entry.step.result = status === 'ABORTED' || status === 'TIMED_OUT' ? 'aborted' : 'failed';
      if (stoppedAt) entry.step.waitedMs = between(entry.step.enteredAt, stoppedAt);
    }
  }

  fromAuditTrail(steps, options.auditEvents ?? []);
  const waitingByBureau: Record<string, number> = {};
  for (const step of steps) {
    if (step.task?.bureau && step.waitedMs !== undefined) waitingByBureau[step.task.bureau] = (waitingByBureau[step.task.bureau] ?? 0) + step.waitedMs;
  }
  return {
    status,
    ...(startedAt && { startedAt }),
    ...(stoppedAt && { stoppedAt }),
    ...(startedAt && stoppedAt && { durationMs: between(startedAt, stoppedAt) }),
    steps,
    waitingByBureau,
    escalationCount: steps.reduce((n, s) => n + s.escalations.length, 0),
  };
}

function pick(record: Record<string, unknown>, ...names: Array<'bureau' | 'subject'>): { bureau?: string; subject?: string } {
  const out: { bureau?: string; subject?: string } = {};
  for (const name of names) {
    const value = asString(record[name]);
    if (value) out[name] = value;
  }
  return out;
}

/** Fills in what the history does not say: who answered (if the output lacked it) and who was told. */
function fromAuditTrail(steps: TimelineStep[], audit: readonly AuditEventLike[]): void {
  for (const step of steps) {
    const kind = step.task?.kind;
    if (!kind) continue;
    if (!step.actedBy) {
      const completed = audit.find((e) => e.type === `${kind}-completed`);
      if (completed?.actor && (step.result === 'succeeded' || step.result === 'caught')) {
        step.actedBy = {
          role: completed.actor.role === 'officer' ? 'officer' : 'system',
          ...(completed.actor.bureau && { bureau: completed.actor.bureau }),
          ...(completed.actor.subject && { subject: completed.actor.subject }),
          at: completed.at,
        };
        const outcome = asString(completed.data?.outcome);
        if (outcome && !step.outcome) step.outcome = outcome;
      }
    }
    for (const escalation of step.escalations) {
      const told = audit.find((e) => e.type === 'task-escalated' && e.data?.kind === kind && e.data.level === escalation.level);
      const notified = asString(told?.data?.notified);
      if (notified) escalation.notified = notified;
    }
  }
}
