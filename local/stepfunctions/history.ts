import type { StoredEvent } from './model.ts';

/**
 * History events in AWS's wire shape. Stored events keep payloads as JSON values; reading turns
 * `input`/`output`/`parameters` into JSON strings with their `...Details`, and assigned variables
 * into a map of JSON strings, as GetExecutionHistory returns them.
 */
const DETAILS_KEY: Record<string, string> = {
  ExecutionStarted: 'executionStartedEventDetails',
  ExecutionSucceeded: 'executionSucceededEventDetails',
  ExecutionFailed: 'executionFailedEventDetails',
  ExecutionAborted: 'executionAbortedEventDetails',
  ExecutionTimedOut: 'executionTimedOutEventDetails',
  TaskScheduled: 'taskScheduledEventDetails',
  TaskStarted: 'taskStartedEventDetails',
  TaskSubmitted: 'taskSubmittedEventDetails',
  TaskSucceeded: 'taskSucceededEventDetails',
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  LambdaFunctionScheduled: 'lambdaFunctionScheduledEventDetails',
  LambdaFunctionSucceeded: 'lambdaFunctionSucceededEventDetails',
  LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
  LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
  MapStateStarted: 'mapStateStartedEventDetails',
  MapIterationStarted: 'mapIterationStartedEventDetails',
  MapIterationSucceeded: 'mapIterationSucceededEventDetails',
  MapIterationFailed: 'mapIterationFailedEventDetails',
  MapIterationAborted: 'mapIterationAbortedEventDetails',
  MapRunStarted: 'mapRunStartedEventDetails',
  MapRunFailed: 'mapRunFailedEventDetails',
  EvaluationFailed: 'evaluationFailedEventDetails',
};

function detailsKey(type: string): string | undefined {
  const key = DETAILS_KEY[type];
  if (key) return key;
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return undefined;
}

const stringify = (value: unknown) => JSON.stringify(value === undefined ? null : value);

export interface HistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

export function formatEvent(event: StoredEvent, includeExecutionData: boolean): HistoryEvent {
  const out: HistoryEvent = { timestamp: event.ts / 1000, type: event.type, id: event.id, previousEventId: event.prev };
  const key = detailsKey(event.type);
  if (!key || !event.d) return out;
  const details: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event.d)) {
    if (value === undefined) continue;
    if (field === 'input' || field === 'output') {
      if (!includeExecutionData) continue;
      details[field] = stringify(value);
      details[`${field}Details`] = { truncated: false };
    } else if (field === 'parameters') {
      details[field] = stringify(value);
    } else if (field === 'assignedVariables') {
      details[field] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, stringify(v)]));
      details.assignedVariablesDetails = { truncated: false };
    } else {
      details[field] = value;
    }
  }
  out[key] = details;
  return out;
}
