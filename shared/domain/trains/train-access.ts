import type { Caller } from '../access.ts';
import type { Train, TrainEventType } from '../train.ts';

/**
 * Who may do what with a train run (408号 三（三）: one information system shared by all bureaus).
 *
 * - Registering and changing a run: an officer of the port bureau (it runs the border
 *   crossing) or of the run's inland bureau (the origin bureau of the corridor, which dispatches
 *   outbound trains and receives return trains). Other bureaus only ride along.
 * - Recording what happened at the border: the port bureau only, since its officers are there.
 *   The arrival at the destination: the port bureau or the inland bureau.
 * - Reading timetables: every officer and HQ; consignment details inside a train stay limited to
 *   the bureaus responsible for each consignment.
 */
type TrainParties = Pick<Train, 'portBureau' | 'inlandBureau'>;

export function mayManageTrain(caller: Caller, train: TrainParties): boolean {
  return caller.role === 'officer' && (caller.bureau === train.portBureau || caller.bureau === train.inlandBureau);
}

export function mayRecordTrainEvent(caller: Caller, train: TrainParties, type: TrainEventType): boolean {
  if (caller.role !== 'officer') return false;
  if (type === 'arrived-at-destination') return caller.bureau === train.portBureau || caller.bureau === train.inlandBureau;
  return caller.bureau === train.portBureau;
}

export function mayReadTrains(caller: Caller): boolean {
  return caller.role === 'officer' || caller.role === 'hq';
}

/** Linking a consignment to a train: its declarant, or an officer of a bureau responsible for it. */
export function mayLinkConsignment(caller: Caller, consignment: { responsibleBureaus: readonly string[]; declarant?: string | undefined }): boolean {
  if (caller.role === 'officer') return consignment.responsibleBureaus.includes(caller.bureau);
  if (caller.role === 'declarant') return caller.enterprise !== undefined && caller.enterprise === consignment.declarant;
  return false;
}
