import { executionStatusOf, isFinalExecutionStatus, type ExecutionRef, type ExecutionStatus } from '../data/execution-index-repository.ts';
import { repos, workflows } from '../lifecycle/ports.ts';
import { mapWithConcurrency } from './concurrency.ts';

/** An index entry with its live status: from the index once final, else from Step Functions. */
export interface ExecutionSummary {
  executionArn: string;
  name: string;
  workflow: string;
  stateMachineArn: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  consignmentId?: string;
  trainId?: string;
  /** The border port of the consignment or train run (GET /executions?port=). */
  portCode?: string;
  bureaus: string[];
}

const DESCRIBE_CONCURRENCY = 10;

/**
 * A final status never changes, so once read it is written to the index and never asked for
 * again; only executions still running cost a DescribeExecution. (On AWS an EventBridge rule on
 * "Step Functions Execution Status Change" could write it instead; the manifest has no rules yet.)
 */
export async function withStatus(refs: readonly ExecutionRef[]): Promise<ExecutionSummary[]> {
  const summaries = await mapWithConcurrency(refs, DESCRIBE_CONCURRENCY, async (ref): Promise<ExecutionSummary | undefined> => {
    if (isFinalExecutionStatus(ref.status)) return summaryOf(ref, ref.status, ref.stoppedAt);
    const described = await workflows().describe(ref.executionArn);
    // Indexed, but the start never reached Step Functions: there is nothing to review.
    if (!described) return undefined;
    const { status, stoppedAt } = await statusRead(described, ref);
    return summaryOf(ref, status, stoppedAt);
  });
  return summaries.filter((s): s is ExecutionSummary => s !== undefined);
}

/**
 * The status Step Functions described, remembered on the index record `indexed` once final (an
 * entry that already has one keeps it). No record for an execution not in the index.
 */
export async function statusRead(
  described: { status?: string | undefined; stopDate?: Date | undefined },
  indexed: ExecutionRef | undefined,
): Promise<{ status: ExecutionStatus; stoppedAt: string | undefined }> {
  const status = executionStatusOf(described.status);
  const stoppedAt = described.stopDate?.toISOString();
  if (indexed && isFinalExecutionStatus(status) && stoppedAt !== undefined && !isFinalExecutionStatus(indexed.status)) {
    await repos().executions.recordFinal(indexed, { status, stoppedAt });
  }
  return { status, stoppedAt };
}

export function summaryOf(ref: ExecutionRef, status: ExecutionStatus, stoppedAt: string | undefined): ExecutionSummary {
  return {
    executionArn: ref.executionArn,
    name: ref.name,
    workflow: ref.workflow ?? '',
    stateMachineArn: ref.stateMachine,
    status,
    startDate: ref.startedAt,
    ...(stoppedAt && { stopDate: stoppedAt }),
    ...(ref.consignmentId !== undefined && { consignmentId: ref.consignmentId }),
    ...(ref.trainId !== undefined && { trainId: ref.trainId }),
    ...(ref.portCode !== undefined && { portCode: ref.portCode }),
    bureaus: ref.bureaus,
  };
}
