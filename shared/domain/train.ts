import { z } from 'zod';
import type { BureauCode, Direction, PortCode } from './codes.ts';
import { MAX_REFERENCE_ID_LENGTH } from './limits.ts';
import { bilingual } from './text.ts';

/**
 * One run of a China–Europe train service. Imports ride inbound (return) trains, Europe → China;
 * exports ride outbound ones. Field names of the timetable are the HTTP API contract
 * (POST /trains); see `trains/train-registration.ts` for the request schema.
 */
const TRAIN_DIRECTIONS = ['inbound', 'outbound'] as const;
export type TrainDirection = (typeof TRAIN_DIRECTIONS)[number];
export const trainDirectionSchema = z.enum(TRAIN_DIRECTIONS, {
  error: bilingual('班列方向须为 inbound（回程入境）或 outbound（去程出境）', 'direction must be inbound or outbound'),
});

/** `<trainNumber>-<yyyymmdd>` as the workflow steps receive it (see `trains/train-registration.ts`). */
export const trainIdSchema = z.string().min(1).max(MAX_REFERENCE_ID_LENGTH);

/** The consignments a train may carry: imports on inbound trains, exports on outbound ones. */
export const CONSIGNMENT_DIRECTION: Record<TrainDirection, Direction> = { inbound: 'import', outbound: 'export' };

/**
 * Where the train is, from the actual events bureaus record. `scheduled` until it reaches the
 * border; only a scheduled train can be cancelled.
 */
export type TrainStatus = 'scheduled' | 'at-border' | 'departed-border' | 'arrived' | 'cancelled';

/** What actually happened to the train, as recorded through POST /trains/{id}/events. */
export const TRAIN_EVENT_TYPES = ['arrived-at-border', 'departed-border', 'arrived-at-destination'] as const;
export type TrainEventType = (typeof TRAIN_EVENT_TYPES)[number];

export interface TrainTimetable {
  plannedDeparture: string;
  plannedBorderCrossing: string;
  plannedArrival: string;
}

export interface Actor {
  bureau: BureauCode;
  subject: string;
}

/** Who did it, as a train records it: the caller's bureau and subject. */
export const actorOf = (caller: Actor): Actor => ({ bureau: caller.bureau, subject: caller.subject });

export interface TrainEventRecord {
  /** When it happened (the officer's statement); defaults to when it was recorded. */
  at: string;
  recordedAt: string;
  by: Actor;
  remarks?: string;
}

/** The train-level port results a run hands to its consignments (see `trains/port-results.ts`). */
export interface TrainQuarantineResult {
  taskId: string;
  outcome: 'pass' | 'fail';
  /** Surface quarantine treatment (disinfection) of the train's containers in the port channel. */
  surfaceTreatment?: 'done' | 'not-needed';
  /** Containers the quarantine officer found something on; their consignments wait for an officer. */
  containerFindings?: Array<{ number: string; finding: string }>;
  findings?: string;
  by: Actor;
  at: string;
}

export interface TrainRadiationResult {
  taskId: string;
  outcome: 'pass' | 'fail';
  containers: Array<{ number: string; radiation: 'normal' | 'alarm' }>;
  findings?: string;
  by: Actor;
  at: string;
}

export interface TrainPortResults {
  quarantine?: TrainQuarantineResult;
  radiation?: TrainRadiationResult;
}

export interface TrainClearanceCheck {
  checkedAt: string;
  cleared: string[];
  heldBack: Array<{ consignmentId: string; status: string; reason: string }>;
}

export interface Train extends TrainTimetable {
  /** `<trainNumber>-<yyyymmdd of plannedDeparture, Beijing time>`: one registration per run. */
  id: string;
  trainNumber: string;
  direction: TrainDirection;
  portCode: PortCode;
  /** Runs train quarantine and the port checks; also the lead bureau of the port's group. */
  portBureau: BureauCode;
  corridorId?: string;
  /** Bureau of the Chinese end of the run: origin of an outbound train, destination of an inbound one. */
  inlandBureau?: BureauCode;
  originCity: string;
  destinationCity: string;
  /** A train carries about 41 forty-foot or 50 twenty-foot containers. */
  containerCapacity?: number;
  /** How long before the border crossing the port bureau gets the pre-arrival notice. */
  preArrivalNoticeHours: number;
  status: TrainStatus;
  actual: Partial<Record<TrainEventType, TrainEventRecord>>;
  preArrivalNotice?: { sentAt: string; forCrossing: string; executionArn?: string };
  /** The train-run workflow execution; set once, by the execution that runs the train. */
  run?: { executionArn: string; startedAt: string; trigger: string; completedAt?: string };
  /** The callback token of a run waiting for the train to reach the border. */
  arrivalWait?: { taskToken: string; since: string };
  /**
   * What the train carries, consignment by consignment (`trains/train-load.ts`): the containers
   * each one booked, so no train takes more than its capacity.
   */
  load?: Record<string, { containers: number; at: string }>;
  /** The containers of `load` added up, kept with it in the same writes. */
  booked?: number;
  portResults?: TrainPortResults;
  clearance?: TrainClearanceCheck;
  runSummary?: Record<string, unknown>;
  cancellation?: { at: string; by: Actor; reason?: string };
  registeredBy: Actor;
  createdAt: string;
  updatedAt: string;
  version: number;
}
