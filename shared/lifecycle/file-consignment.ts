import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import { stepFunctionsClient } from '../aws/clients.ts';
import type { CallerIdentity } from '../auth/claims.ts';
import { mayFile } from '../domain/access.ts';
import { createConsignment, inlandBureauOf, type Consignment, type ConsignmentFiling } from '../domain/consignment.ts';
import { planInspection } from '../domain/policy/plan-inspection.ts';
import { leadBureauForPort } from '../domain/reference/ports.ts';
import { TASK_DEADLINE_SECONDS } from '../domain/tasks/task-kinds.ts';
import { forbidden } from '../http/api-problem.ts';
import { inspectionContextFor } from './inspection-context.ts';
import { repos } from './repositories.ts';
import { trainForConsignment } from './train-link.ts';

/** The input every consignment workflow starts with. */
export interface LifecycleInput {
  consignmentId: string;
  portBureau: string;
  leadBureau: string;
  inlandBureau: string;
  portInspection: boolean;
  deadlines: Record<string, number>;
}

const STATE_MACHINE_ENV = { import: 'CONSIGNMENT_IMPORT_STATE_MACHINE_ARN', export: 'CONSIGNMENT_EXPORT_STATE_MACHINE_ARN' } as const;

function stateMachineArn(direction: ConsignmentFiling['direction']): string {
  const arn = process.env[STATE_MACHINE_ENV[direction]];
  if (!arn) throw new Error(`${STATE_MACHINE_ENV[direction]} is not set`);
  return arn;
}

/** arn:…:stateMachine:<name> → arn:…:execution:<name>:<execution> */
const executionArnOf = (stateMachine: string, name: string) =>
  `${stateMachine.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Filing (报检): plan the inspection with the routing policy, store the consignment with its
 * plan, and start its lifecycle workflow. The execution is named after the consignment, so a
 * repeated start is recognised by Step Functions rather than run twice.
 */
export async function fileConsignment(filing: ConsignmentFiling, caller: CallerIdentity): Promise<Consignment> {
  if (!mayFile(caller, filing)) {
    throw forbidden(
      caller.role === 'declarant'
        ? 'a declarant files only for its own enterprise: the Chinese party\'s creditCode must be the token\'s enterprise'
        : `an officer files only for its own bureau: ${filing.direction === 'import' ? 'destinationBureau' : 'originBureau'} must be ${caller.bureau}`,
    );
  }
  // A train named at filing must be one the consignment can ride (400/409 before anything is stored).
  if (filing.trainId !== undefined) await trainForConsignment(filing.trainId, filing, 'body.trainId');
  const at = new Date().toISOString();
  const id = ulid();
  const draft = createConsignment(filing, { id, at });
  const inspectionPlan = planInspection(draft, inspectionContextFor(filing, at));
  const machine = stateMachineArn(filing.direction);
  const executionArn = executionArnOf(machine, id);

  const consignment = await repos().consignments.file(
    { ...draft, inspectionPlan, executionArn },
    { role: caller.role, bureau: inlandBureauOf(filing), subject: caller.subject, ...(caller.enterprise && { enterprise: caller.enterprise }) },
  );
  const input: LifecycleInput = {
    consignmentId: id,
    portBureau: consignment.portBureau,
    leadBureau: leadBureauForPort(consignment.portCode),
    inlandBureau: inlandBureauOf(consignment),
    portInspection: inspectionPlan.portInspection,
    deadlines: TASK_DEADLINE_SECONDS,
  };
  await stepFunctionsClient().send(new StartExecutionCommand({ stateMachineArn: machine, name: id, input: JSON.stringify(input) }));
  await repos().executions.record({
    executionArn,
    name: id,
    stateMachine: machine,
    consignmentId: id,
    ...(consignment.trainId !== undefined && { trainId: consignment.trainId }),
    bureaus: consignment.responsibleBureaus,
    startedAt: at,
  });
  return consignment;
}
