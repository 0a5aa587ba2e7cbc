import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { executionArnOf } from '../../orchestration/execution-arn.ts';
import type { CallerIdentity } from '../../auth/claims.ts';
import { mayFile } from '../../domain/access.ts';
import { createConsignment, inlandBureauOf, type Consignment, type ConsignmentFiling } from '../../domain/consignment.ts';
import { entryBanIssues } from '../../domain/alerts/alert-effects.ts';
import { marketAccessIssues } from '../../domain/market-access/access-check.ts';
import { marketProcurementIssues } from '../../domain/market-procurement/market.ts';
import { maintenanceIssuesAtFiling, recordMaintenance } from '../maintenance/maintenance-pairs.ts';
import { planInspection } from '../../domain/policy/plan-inspection.ts';
import { inspectionContextFor } from './inspection-context.ts';
import { repos } from '../ports.ts';
import { trainForConsignment } from '../trains/train-link.ts';
import { bookOnTrain } from '../trains/train-load.ts';
import { lifecycleStateMachine, startLifecycle } from './lifecycle-start.ts';
import { InvalidInput, NotAllowed } from '../errors.ts';
import { deterministicId } from '../deterministic-id.ts';
import { reservePermits } from '../permits/permit-reservations.ts';
import { nowIso } from '../../clock.ts';

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
  const at = nowIso();
  // A retried filing (same caller, same Idempotency-Key) must land on the same consignment whenever
  // it comes: the stored one is found again (the repository checks that the request is the same)
  // and its lifecycle started if the first attempt did not get that far.
  const id = idempotencyKey === undefined ? ulid() : deterministicId(caller.subject, idempotencyKey);
  const draft = createConsignment(filing, { id, at });
  const context = await inspectionContextFor(filing, at);
  const storedBefore = idempotencyKey !== undefined && (await repos().consignments.find(id)) !== undefined;
  // §8: goods an entry ban in force covers are not accepted (400 naming each goods line and the
  // alert), before anything is written. A keyed retry of a filing stored already was accepted then.
  // §4 (408号 三（三）): goods under market access from a country without one in force, or without
  // the permit their access requires, likewise (400 naming the line's field, the rule and the code).
  // 408号 三（四）: a market-procurement export comes from a registered trader with the goods on its list (market-procurement/).
  const banned = storedBefore
    ? []
    : [
        ...entryBanIssues(filing, context.epidemicAlerts, at),
        ...marketAccessIssues(filing, context.marketAccess ?? [], at),
        ...marketProcurementIssues(filing, context.marketTraders ?? []),
        // 408号 三（四）: a repair import's deadline; a re-export cites an import of its enterprise still in China (maintenance/).
        ...(await maintenanceIssuesAtFiling(filing, id, at)),
      ];
  if (banned.length > 0) throw new InvalidInput(banned);
  const inspectionPlan = planInspection(draft, context);
  const executionArn = executionArnOf(lifecycleStateMachine(filing.direction), id);
  // §7: the cited permits are verified and their quantities reserved before anything else is
  // written (400/409 naming each field). A keyed retry of a filing stored already is answered from
  // the store below: its permits were verified and reserved then.
  const permits = storedBefore ? undefined : await reservePermits(filing, id, at);

  let consignment: Consignment;
  try {
    if (train) await bookOnTrain(train, id, draft.containers.length);
    consignment = await repos().consignments.file(
      { ...draft, inspectionPlan, executionArn },
      { role: caller.role, bureau: inlandBureauOf(filing), subject: caller.subject, ...(caller.enterprise && { enterprise: caller.enterprise }) },
      // zod writes a parsed filing's keys in schema order, so the same request gives the same text.
      idempotencyKey === undefined ? {} : { idempotencyKey, fingerprint: createHash('sha256').update(JSON.stringify(filing)).digest('base64url') },
    );
  } catch (error) {
    // A filing refused here (train full, key reused) holds nothing on its permits, unless a
    // concurrent attempt of the same keyed filing stored the consignment meanwhile. A crash right
    // here leaves the reservations: a keyed retry takes them over, and otherwise the next filing
    // that finds the permit short gives back those older than STALE_RESERVATION_MS (releaseAbandoned).
    if (permits && !(await repos().consignments.find(id))) await permits.release();
    throw error;
  }
  // 408号 三（四）: the pair of a global-maintenance import and its re-export (a keyed retry redoes it; both writes are idempotent).
  await recordMaintenance(consignment, correlationId);
  await startLifecycle(consignment, train, correlationId);
  return consignment;
}
