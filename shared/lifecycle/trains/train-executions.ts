import { executionNameOf, stateMachineOf } from '../../orchestration/execution-arn.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { leadBureauForPort } from '../../domain/reference/ports.ts';
import type { Train } from '../../domain/train.ts';
import type { ConsignmentSummary } from '../../data/consignment-records.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/**
 * Everyone a train run concerns: the port bureau (also the lead bureau), the inland bureau, the
 * consignments' bureaus (their port bureau is the train's, so that adds their inland bureaus).
 */
export function trainBureaus(train: Pick<Train, 'portBureau' | 'portCode' | 'inlandBureau'>, consignments: ReadonlyArray<Pick<ConsignmentSummary, 'responsibleBureaus'>> = []): BureauCode[] {
  return [
    ...new Set<BureauCode>([
      train.portBureau,
      leadBureauForPort(train.portCode),
      ...(train.inlandBureau !== undefined ? [train.inlandBureau] : []),
      ...consignments.flatMap((c) => c.responsibleBureaus),
    ]),
  ];
}

/**
 * Files a train-run execution in the execution index, under every bureau it concerns, so HQ and
 * those bureaus find it for review. Recording again with more bureaus adds them (the index
 * writes each entry once).
 */
export async function recordTrainExecution(train: Train, executionArn: string, bureaus: BureauCode[], startedAt = nowIso()): Promise<void> {
  await repos().executions.record({ executionArn, name: executionNameOf(executionArn), stateMachine: stateMachineOf(executionArn), trainId: train.id, portCode: train.portCode, bureaus, startedAt });
}
