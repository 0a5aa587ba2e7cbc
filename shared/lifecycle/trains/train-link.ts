import { randomUUID } from 'node:crypto';
import type { CallerIdentity } from '../../auth/claims.ts';
import { chinesePartyOf, isTerminalStatus, type Consignment } from '../../domain/consignment.ts';
import type { Direction, PortCode } from '../../domain/codes.ts';
import { completePortResults } from '../../domain/trains/port-results.ts';
import type { HandOverOutcome } from '../../domain/trains/run-summary.ts';
import { mayLinkConsignment } from '../../domain/trains/train-access.ts';
import { CONSIGNMENT_DIRECTION, type Train } from '../../domain/train.ts';
import { updateConsignment } from '../consignments/consignment-updates.ts';
import { repos } from '../ports.ts';
import { handOverTrainResults } from './train-hand-over.ts';
import { bookOnTrain, releaseFromTrain } from './train-load.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';

/**
 * The train a consignment may ride: it must exist, run through the consignment's port in its
 * direction (imports on inbound trains, exports on outbound ones) and not be cancelled. An
 * outbound train whose run has started has had its exports' clearance verified, so it takes no
 * more; an inbound train takes consignments filed late (their documents follow the goods).
 */
export async function trainForConsignment(trainId: string, consignment: { portCode: PortCode; direction: Direction }): Promise<Train> {
  const refused = (message: string) => new InvalidInput([{ path: 'trainId', message }]);
  const train = await repos().trains.find(trainId);
  if (!train) throw refused(`train ${trainId} does not exist`);
  if (train.portCode !== consignment.portCode) {
    throw refused(`train ${trainId} crosses at ${train.portCode}, the consignment is filed for ${consignment.portCode}`);
  }
  if (CONSIGNMENT_DIRECTION[train.direction] !== consignment.direction) {
    throw refused(`train ${trainId} is ${train.direction}: it carries ${CONSIGNMENT_DIRECTION[train.direction]}s, not ${consignment.direction}s`);
  }
  if (train.status === 'cancelled') throw new Conflict(`train ${trainId} is cancelled`);
  if (train.direction === 'outbound' && (train.run || train.status !== 'scheduled')) {
    throw new Conflict(`train ${trainId} has reached the border and its exports' clearance was verified: link the consignment to a later train`);
  }
  return train;
}

/**
 * PUT /consignments/{id}/train: the consignment rides this train from now on. When the train has
 * already crossed with its results, they are handed over at once, as the run's Map would have.
 */
export async function linkConsignmentToTrain(
  consignmentId: string,
  trainId: string,
  caller: CallerIdentity,
): Promise<{ consignment: Consignment; changed: boolean; handOver?: HandOverOutcome }> {
  const current = await repos().consignments.find(consignmentId);
  if (!current) throw new NotFound(`consignment ${consignmentId} does not exist`);
  if (!mayLinkConsignment(caller, { responsibleBureaus: current.responsibleBureaus, declarant: chinesePartyOf(current).creditCode })) {
    throw new NotAllowed(`consignment ${consignmentId} does not involve ${caller.role === 'declarant' ? 'your enterprise' : `bureau ${caller.bureau}`}`);
  }
  if (isTerminalStatus(current.status)) throw new Conflict(`consignment ${consignmentId} is already ${current.status}`);
  const train = await trainForConsignment(trainId, current);
  if (current.trainId !== trainId) await bookOnTrain(train, consignmentId, current.containers.length);
  // `changed` says whether this call wrote the link. The closure runs again after a lost race,
  // so it decides afresh each time; and the event's idempotency key is this call's own, so a
  // concurrent identical link that lost the race re-reads and finds the train already there
  // (changed: false) instead of being answered as if it had written the winner's event.
  const linkId = randomUUID();
  let changed = false;
  const consignment = await updateConsignment(consignmentId, (latest) => {
    changed = false;
    if (latest.trainId === trainId) return undefined;
    if (isTerminalStatus(latest.status)) throw new Conflict(`consignment ${consignmentId} is already ${latest.status}`);
    changed = true;
    return {
      set: { trainId },
      event: {
        type: 'linked-to-train',
        actor: { role: caller.role, bureau: caller.bureau, subject: caller.subject, ...(caller.enterprise && { enterprise: caller.enterprise }) },
        data: { trainId, ...(latest.trainId !== undefined && { previousTrainId: latest.trainId }) },
        idempotencyKey: `${consignmentId}:linked-to-train:${trainId}:${linkId}`,
      },
    };
  });
  // HQ review lists the consignment's lifecycle execution under the train too (named after the consignment).
  if (changed && consignment.executionArn !== undefined) await repos().executions.linkTrain(consignment.id, trainId);
  if (changed && current.trainId !== undefined && current.trainId !== trainId) await releaseFromTrain(current.trainId, consignmentId);
  // Read after the link is written: if the run's Map listed the train before this link, the
  // results were already on the train and this hands them over; otherwise the Map will.
  const crossed = await repos().trains.get(trainId);
  const handOver = completePortResults(crossed.portResults) ? await handOverTrainResults({ trainId, consignmentId }) : undefined;
  return { consignment, changed, ...(handOver && { handOver }) };
}
