import { DescribeExecutionCommand, ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { stepFunctionsClient } from '../aws/clients.ts';
import { notFound } from '../http/api-problem.ts';

const HISTORY_PAGE = 1000;
const TOKEN_KEYS = new Set(['taskToken', 'TaskToken', 'Token']);
const DATA_FIELDS = new Set(['input', 'output', 'parameters']);

/**
 * A workflow execution and its full history, in Step Functions' own event shape. Callback tokens
 * are never shown: whoever holds one could answer a bureau's task. Without `executionData` the
 * inputs and outputs (other bureaus' results, officers' ids) are left out, as Step Functions does
 * for `includeExecutionData: false`.
 */
export async function executionWithHistory(executionArn: string, options: { executionData?: boolean } = {}) {
  const executionData = options.executionData ?? true;
  const sfn = stepFunctionsClient();
  let execution;
  try {
    execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) throw notFound(`execution ${executionArn} does not exist`);
    throw error;
  }
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: HISTORY_PAGE, nextToken, includeExecutionData: executionData }),
    );
    events.push(...(page.events ?? []).map((event) => shown(event, executionData)));
    nextToken = page.nextToken;
  } while (nextToken);
  return {
    executionArn,
    stateMachineArn: execution.stateMachineArn,
    status: execution.status,
    startDate: execution.startDate,
    ...(execution.stopDate && { stopDate: execution.stopDate }),
    events,
  };
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, TOKEN_KEYS.has(key) ? '[redacted]' : redact(inner)]));
  }
  return value;
}

/**
 * History details carry inputs, outputs, task parameters and assigned variables as JSON text:
 * tokens inside them are blanked, and without `executionData` they are left out altogether.
 */
export function shown(event: HistoryEvent, executionData: boolean): HistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [name, details] of Object.entries(event)) {
    if (!name.endsWith('EventDetails') || !details || typeof details !== 'object') continue;
    copy[name] = Object.fromEntries(
      Object.entries(details).flatMap(([field, value]): Array<[string, unknown]> => {
        const isData = DATA_FIELDS.has(field) || field.startsWith('assignedVariables') || /^(input|output)Details$/.test(field);
        if (isData && !executionData) return [];
        if (!DATA_FIELDS.has(field) || typeof value !== 'string') return [[field, value]];
        try {
          return [[field, JSON.stringify(redact(JSON.parse(value)))]];
        } catch {
          return [[field, value]];
        }
      }),
    );
  }
  return copy as unknown as HistoryEvent;
}
