import { inlandBureauOf, type Consignment } from '../domain/consignment.ts';
import type { BureauCode } from '../domain/codes.ts';
import { leadBureauForPort } from '../domain/reference/ports.ts';
import type { Train } from '../domain/train.ts';
import { repos } from './repositories.ts';

/** arn:…:execution:<stateMachine>:<name> → arn:…:stateMachine:<stateMachine> */
const stateMachineOf = (executionArn: string) => executionArn.replace(/:execution:([^:]+):[^:]+$/, ':stateMachine:$1');
const nameOf = (executionArn: string) => executionArn.slice(executionArn.lastIndexOf(':') + 1);

/** Everyone a train run concerns: the port bureau (also the lead bureau), the inland bureau, the consignments' bureaus. */
export function trainBureaus(train: Pick<Train, 'portBureau' | 'portCode' | 'inlandBureau'>, consignments: ReadonlyArray<Pick<Consignment, 'direction' | 'destinationBureau' | 'originBureau'>> = []): BureauCode[] {
  return [
    ...new Set<BureauCode>([
      train.portBureau,
      leadBureauForPort(train.portCode),
      ...(train.inlandBureau !== undefined ? [train.inlandBureau] : []),
      ...consignments.map((c) => inlandBureauOf(c)),
    ]),
  ];
}

/**
 * Files a train-run execution in the execution index, under every bureau it concerns, so HQ and
 * those bureaus find it for review. Recording again with more bureaus adds them (the index
 * writes each entry once).
 */
export async function recordTrainExecution(train: Train, executionArn: string, bureaus: BureauCode[], startedAt = new Date().toISOString()): Promise<void> {
  await repos().executions.record({ executionArn, name: nameOf(executionArn), stateMachine: stateMachineOf(executionArn), trainId: train.id, bureaus, startedAt });
}
