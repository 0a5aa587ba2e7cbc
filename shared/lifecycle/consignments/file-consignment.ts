import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { executionArnOf } from '../../orchestration/execution-arn.ts';
import type { CallerIdentity } from '../../auth/claims.ts';
import { mayFile } from '../../domain/access.ts';
import { createConsignment, inlandBureauOf, type Consignment, type ConsignmentFiling } from '../../domain/consignment.ts';
import { planInspection } from '../../domain/policy/plan-inspection.ts';
import { leadBureauForPort } from '../../domain/reference/ports.ts';
import { lifecycleDeadlines } from '../../domain/tasks/deadlines.ts';
import { inspectionContextFor } from './inspection-context.ts';
import { repos, workflows } from '../ports.ts';
import { consignmentExportStateMachineArn, consignmentImportStateMachineArn } from '../../orchestration/state-machines.ts';
import { trainForConsignment } from '../trains/train-link.ts';
import { NotAllowed } from '../errors.ts';

/** The input every consignment workflow starts with. */
export interface LifecycleInput {
  consignmentId: string;
  portBureau: string;
  leadBureau: string;
  inlandBureau: string;
  portInspection: boolean;
  deadlines: Record<string, number>;
}

const LIFECYCLE_STATE_MACHINE = { import: consignmentImportStateMachineArn, export: consignmentExportStateMachineArn } as const;

/**
 * A retried filing (same caller, same Idempotency-Key) that failed half-way must land on the same
 * consignment, so its id comes from the key: the stored consignment is found again and its
 * execution started again, which Step Functions accepts once for the same name and input.
 */
function idFromIdempotencyKey(subject: string, key: string): string {
  const digest = createHash('sha256').update(`${subject}\u0000${key}`).digest();
  let id = '';
  for (let i = 0; i < 26; i++) id += CROCKFORD[(digest[i] ?? 0) % 32];
  return id;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Filing (报检): plan the inspection with the routing policy, store the consignment with its
 * plan, and start its lifecycle workflow. The execution is named after the consignment, so a
 * repeated start is recognised by Step Functions rather than run twice.
 */
export async function fileConsignment(filing: ConsignmentFiling, caller: CallerIdentity, idempotencyKey?: string): Promise<Consignment> {
  if (!mayFile(caller, filing)) {
    throw new NotAllowed(
      caller.role === 'declarant'
        ? 'a declarant files only for its own enterprise: the Chinese party\'s creditCode must be the token\'s enterprise'
        : `an officer files only for its own bureau: ${filing.direction === 'import' ? 'destinationBureau' : 'originBureau'} must be ${caller.bureau}`,
    );
  }
  // A train named at filing must be one the consignment can ride (400/409 before anything is stored).
  const train = filing.trainId === undefined ? undefined : await trainForConsignment(filing.trainId, filing);
  const at = new Date().toISOString();
  const id = idempotencyKey === undefined ? ulid() : idFromIdempotencyKey(caller.subject, idempotencyKey);
  const draft = createConsignment(filing, { id, at });
  const inspectionPlan = planInspection(draft, inspectionContextFor(filing, at));
  const machine = LIFECYCLE_STATE_MACHINE[filing.direction]();
  const executionArn = executionArnOf(machine, id);

  const consignment = await repos().consignments.file(
    { ...draft, inspectionPlan, executionArn },
    { role: caller.role, bureau: inlandBureauOf(filing), subject: caller.subject, ...(caller.enterprise && { enterprise: caller.enterprise }) },
    idempotencyKey === undefined ? {} : { idempotencyKey },
  );
  const input: LifecycleInput = {
    consignmentId: consignment.id,
    portBureau: consignment.portBureau,
    leadBureau: leadBureauForPort(consignment.portCode),
    inlandBureau: inlandBureauOf(consignment),
    portInspection: consignment.inspectionPlan?.portInspection ?? inspectionPlan.portInspection,
    // From the stored filing time, so that a replayed filing starts the very same execution input.
    deadlines: lifecycleDeadlines({
      direction: consignment.direction,
      portCode: consignment.portCode,
      inlandBureau: inlandBureauOf(consignment),
      filedAt: consignment.createdAt,
      plannedBorderCrossing: train?.plannedBorderCrossing,
    }),
  };
  await workflows().start(machine, consignment.id, input);
  await repos().executions.record({
    executionArn: consignment.executionArn ?? executionArn,
    name: consignment.id,
    stateMachine: machine,
    consignmentId: consignment.id,
    ...(consignment.trainId !== undefined && { trainId: consignment.trainId }),
    bureaus: consignment.responsibleBureaus,
    startedAt: consignment.createdAt,
  });
  return consignment;
}
