import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { CallerIdentity } from '../auth/claims.ts';
import type { Consignment } from '../domain/consignment.ts';
import { NotFound } from '../lifecycle/errors.ts';
import { workflows } from '../lifecycle/ports.ts';

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
  const execution = await workflows().describe(executionArn);
  if (!execution) throw new NotFound(`execution ${executionArn} does not exist`);
  const events = await workflows().history(executionArn, { includeData: executionData });
  return {
    executionArn,
    stateMachineArn: execution.stateMachineArn,
    status: execution.status,
    startDate: execution.startDate,
    ...(execution.stopDate && { stopDate: execution.stopDate }),
    events: events.map((event) => shown(event, executionData)),
  };
}

/** The lifecycle execution of a consignment the caller may see (`visibleConsignment`). */
export function consignmentExecution(consignment: Pick<Consignment, 'id' | 'executionArn'>, caller: Pick<CallerIdentity, 'role'>) {
  if (!consignment.executionArn) throw new NotFound(`consignment ${consignment.id} has no workflow execution`);
  // Inputs and outputs hold every bureau's results: HQ reads them, the others see the steps.
  return executionWithHistory(consignment.executionArn, { executionData: caller.role === 'hq' });
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
