import type { Consignment } from '../../domain/consignment.ts';
import { inlandBureauOf } from '../../domain/consignment.ts';
import { leadBureauForPort } from '../../domain/reference/ports.ts';
import { lifecycleDeadlines } from '../../domain/tasks/deadlines.ts';
import type { Train } from '../../domain/train.ts';
import { executionArnOf } from '../../orchestration/execution-arn.ts';
import { consignmentExportStateMachineArn, consignmentImportStateMachineArn } from '../../orchestration/state-machines.ts';
import { repos, workflows } from '../ports.ts';

/** The input every consignment workflow starts with. */
export interface LifecycleInput {
  consignmentId: string;
  /** What ties the execution's steps to the request that started it, in every log line. */
  correlationId: string;
  portBureau: string;
  leadBureau: string;
  inlandBureau: string;
  /** §10: the bureau where a multimodal journey changes mode (the inland bureau when there is none), and whether it does. */
  handOverBureau: string;
  handOver: boolean;
  portInspection: boolean;
  deadlines: Record<string, number>;
}

const LIFECYCLE_STATE_MACHINE = { import: consignmentImportStateMachineArn, export: consignmentExportStateMachineArn } as const;

export const lifecycleStateMachine = (direction: Consignment['direction']): string => LIFECYCLE_STATE_MACHINE[direction]();

export function lifecycleInput(consignment: Consignment, train: Pick<Train, 'plannedBorderCrossing'> | undefined, correlationId: string): LifecycleInput {
  const inlandBureau = inlandBureauOf(consignment);
  return {
    consignmentId: consignment.id,
    correlationId,
    portBureau: consignment.portBureau,
    leadBureau: leadBureauForPort(consignment.portCode),
    inlandBureau,
    handOverBureau: consignment.inspectionPlan?.journey?.handOver.bureau ?? inlandBureau,
    handOver: consignment.inspectionPlan?.journey !== undefined,
    portInspection: consignment.inspectionPlan?.portInspection ?? false,
    // From the stored filing time, so that a replayed filing starts the very same execution input.
    deadlines: lifecycleDeadlines({
      direction: consignment.direction,
      portCode: consignment.portCode,
      inlandBureau,
      filedAt: consignment.createdAt,
      plannedBorderCrossing: train?.plannedBorderCrossing,
    }),
  };
}

/**
 * Starts a filed consignment's lifecycle workflow, named after the consignment. The execution is
 * filed in the review index first, so no execution runs unindexed whenever the process dies; an
 * index entry whose start never happened is listed by no one (see review/execution-status.ts)
 * until a retried filing or the outbox relay starts it. Both steps may be repeated: the index
 * writes each entry once, and Step Functions accepts one execution per name.
 */
export async function startLifecycle(
  consignment: Consignment,
  train: Pick<Train, 'plannedBorderCrossing'> | undefined,
  // A lifecycle started by the outbox relay is traced by the consignment it belongs to.
  correlationId: string = consignment.id,
): Promise<void> {
  const stateMachine = lifecycleStateMachine(consignment.direction);
  await repos().executions.record({
    executionArn: consignment.executionArn ?? executionArnOf(stateMachine, consignment.id),
    name: consignment.id,
    stateMachine,
    consignmentId: consignment.id,
    ...(consignment.trainId !== undefined && { trainId: consignment.trainId }),
    portCode: consignment.portCode,
    bureaus: consignment.responsibleBureaus,
    startedAt: consignment.createdAt,
  });
  await workflows().start(stateMachine, consignment.id, lifecycleInput(consignment, train, correlationId));
}
