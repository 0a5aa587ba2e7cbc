import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { executionArnOf } from '../../orchestration/execution-arn.ts';
import type { CallerIdentity } from '../../auth/claims.ts';
import { mayFile } from '../../domain/access.ts';
import { createConsignment, inlandBureauOf, type Consignment, type ConsignmentFiling } from '../../domain/consignment.ts';
import { planInspection } from '../../domain/policy/plan-inspection.ts';
import { inspectionContextFor } from './inspection-context.ts';
import { repos } from '../ports.ts';
import { trainForConsignment } from '../trains/train-link.ts';
import { bookOnTrain } from '../trains/train-load.ts';
import { lifecycleStateMachine, startLifecycle } from './lifecycle-start.ts';
import { NotAllowed } from '../errors.ts';

/**
 * A retried filing (same caller, same Idempotency-Key) must land on the same consignment whenever
 * it comes, so its id comes from the key: the stored consignment is found again (the repository
 * checks that the request is the same) and its lifecycle started if the first attempt did not
 * get that far.
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
export async function fileConsignment(filing: ConsignmentFiling, caller: CallerIdentity, idempotencyKey?: string, correlationId?: string): Promise<Consignment> {
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
  const executionArn = executionArnOf(lifecycleStateMachine(filing.direction), id);
  if (train) await bookOnTrain(train, id, draft.containers.length);

  const consignment = await repos().consignments.file(
    { ...draft, inspectionPlan, executionArn },
    { role: caller.role, bureau: inlandBureauOf(filing), subject: caller.subject, ...(caller.enterprise && { enterprise: caller.enterprise }) },
    // zod writes a parsed filing's keys in schema order, so the same request gives the same text.
    idempotencyKey === undefined ? {} : { idempotencyKey, fingerprint: createHash('sha256').update(JSON.stringify(filing)).digest('base64url') },
  );
  await startLifecycle(consignment, train, correlationId);
  return consignment;
}
