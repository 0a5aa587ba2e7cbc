import { caseParties, type CoordinationCase } from '../../domain/coordination/case.ts';
import { coordinationCaseStateMachineArn } from '../../orchestration/state-machines.ts';
import { repos, workflows } from '../ports.ts';

/** The input of the CoordinationCase workflow (`workflows/coordination-case.asl.json`). */
export interface CoordinationCaseInput {
  caseId: string;
  addressedBureau: string;
  leadBureau: string;
  deadlines: Record<'coordination-case', number>;
  /** What ties the execution's steps to the request that opened the case, in every log line. */
  correlationId: string;
}

export const coordinationCaseInput = (c: CoordinationCase, correlationId: string): CoordinationCaseInput => ({
  caseId: c.id,
  addressedBureau: c.addressedBureau,
  leadBureau: c.leadBureau,
  deadlines: { 'coordination-case': c.answerWithinSeconds },
  correlationId,
});

/**
 * Starts the workflow of a stored case, named after it. As every workflow, it is filed in the
 * review index first (under the bureaus concerned, and its consignment or train), so none runs
 * unindexed; both steps may be repeated (a keyed retry, the outbox relay).
 */
export async function startCaseWorkflow(
  c: CoordinationCase,
  // A case started by the outbox relay is traced by the case it belongs to.
  correlationId: string = c.id,
): Promise<void> {
  const stateMachine = coordinationCaseStateMachineArn();
  await repos().executions.record({
    executionArn: c.executionArn,
    name: c.id,
    stateMachine,
    bureaus: caseParties(c),
    // Not under its consignment: the declarant reviews its consignment's executions there, and a
    // case between bureaus is not the declarant's to read. A train's executions are for officers.
    ...(c.subject.type === 'train' && { trainId: c.subject.trainId }),
    startedAt: c.openedAt,
  });
  await workflows().start(stateMachine, c.id, coordinationCaseInput(c, correlationId));
}
