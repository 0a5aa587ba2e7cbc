import type { CallerIdentity } from '../../auth/claims.ts';
import { mayView } from '../../domain/access.ts';
import type { PortCode } from '../../domain/codes.ts';
import { mayOpenCase } from '../../domain/coordination/case-access.ts';
import { caseLeadBureau, createCase, openCaseProblems, type CoordinationCase, type OpenCaseRequest } from '../../domain/coordination/case.ts';
import { cooperationGroups } from '../../domain/reference/cooperation-groups.ts';
import { bilingual } from '../../domain/text.ts';
import { actorOf } from '../../domain/train.ts';
import { executionArnOf } from '../../orchestration/execution-arn.ts';
import { coordinationCaseStateMachineArn } from '../../orchestration/state-machines.ts';
import { InvalidInput, NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';
import { startCaseWorkflow } from './case-workflow.ts';
import { keyedRequest } from './keyed-request.ts';
import { nowIso } from '../../clock.ts';

/**
 * POST /cases: an officer raises a problem with another bureau (408号 四（二）). Everything is
 * checked before anything is written (the bureaus, the consignment or train it is about, the
 * group it escalates in); the case is then stored and its workflow started, which opens the
 * addressed bureau's task. A keyed retry (same caller, same Idempotency-Key) lands on the same
 * case, whenever it comes, and is answered as the first time.
 */
export async function openCase(request: OpenCaseRequest, caller: CallerIdentity, idempotencyKey?: string, correlationId?: string): Promise<CoordinationCase> {
  if (!mayOpenCase(caller)) throw new NotAllowed('an officer opens a coordination case for its bureau');
  const { id, keyed } = keyedRequest('coordination-case', caller, request, idempotencyKey);
  const replay = await repos().cases.findKeyed(id, keyed);
  if (replay) {
    await startCaseWorkflow(replay, correlationId);
    return replay;
  }

  const problems = openCaseProblems(request, caller.bureau);
  if (problems.length > 0) throw new InvalidInput(problems);
  const port = await portOfSubject(request, caller);
  const lead = caseLeadBureau(request, { opener: caller.bureau, port, groups: cooperationGroups() });
  if ('problem' in lead) throw new InvalidInput([lead.problem]);

  const { coordinationCase, opened } = createCase(request, {
    id,
    at: nowIso(),
    by: actorOf(caller),
    leadBureau: lead.lead,
    executionArn: executionArnOf(coordinationCaseStateMachineArn(), id),
  });
  const stored = await repos().cases.create(coordinationCase, opened, keyed);
  await startCaseWorkflow(stored, correlationId);
  return stored;
}

/**
 * The port of the consignment or train the case is about, whose group it escalates in. A
 * consignment is one the opener is responsible for: a bureau raises what it meets in its own work.
 */
async function portOfSubject(request: OpenCaseRequest, caller: CallerIdentity): Promise<PortCode | undefined> {
  const { subject } = request;
  if (subject.type === 'consignment') {
    const consignment = await repos().consignments.find(subject.consignmentId);
    if (!consignment) throw new InvalidInput([{ path: 'subject.consignmentId', message: bilingual(`货物 ${subject.consignmentId} 不存在`, `consignment ${subject.consignmentId} does not exist`) }]);
    if (!mayView(caller, consignment)) throw new NotAllowed(`bureau ${caller.bureau} has no part in consignment ${subject.consignmentId}`);
    return consignment.portCode;
  }
  if (subject.type === 'train') {
    const train = await repos().trains.find(subject.trainId);
    if (!train) throw new InvalidInput([{ path: 'subject.trainId', message: bilingual(`班列 ${subject.trainId} 不存在`, `train ${subject.trainId} does not exist`) }]);
    return train.portCode;
  }
  return undefined;
}
