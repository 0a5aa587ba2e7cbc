import type { BureauCode, Direction, PortCode, TradeMode, TransportMode } from '../domain/codes.ts';
import type { Consignment, ConsignmentStatus } from '../domain/consignment.ts';

/** Who caused an event, as the audit trail shows it. */
export interface EventActor {
  role: 'officer' | 'declarant' | 'hq' | 'system';
  bureau?: BureauCode;
  /** Credit code of the declaring enterprise. */
  enterprise?: string;
  /** The token subject or the workflow/execution name. */
  subject?: string;
}

export interface ConsignmentEventInput {
  /** What happened, e.g. `filed`, `plan-assigned`, `port-checks-recorded`. */
  type: string;
  actor: EventActor;
  data?: Record<string, unknown>;
  /**
   * Makes a retried change a no-op: when the consignment's latest event carries the same key,
   * the change already happened and its result is returned instead of a ConflictError.
   */
  idempotencyKey?: string;
}

/** One entry of the append-only audit trail. `sequence` is the consignment version it produced. */
export interface ConsignmentEvent extends ConsignmentEventInput {
  consignmentId: string;
  sequence: number;
  at: string;
  /** The status the change moved the consignment to; absent when the status stayed. */
  status?: ConsignmentStatus;
}

/** What a listing returns per consignment; the full record is one `get` away. */
export interface ConsignmentSummary {
  id: string;
  direction: Direction;
  status: ConsignmentStatus;
  portCode: PortCode;
  portBureau: BureauCode;
  responsibleBureaus: BureauCode[];
  tradeMode: TradeMode;
  transportMode: TransportMode;
  trainId?: string;
  /** Credit code of the Chinese party, who filed (the declarant enterprise). */
  declarant?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Fields a change may set. Identity, version and timestamps belong to the repository. */
export type ConsignmentChanges = Partial<Omit<Consignment, 'id' | 'version' | 'status' | 'createdAt' | 'updatedAt'>>;

export interface ConsignmentChange {
  /** The version the caller read; the write fails with ConflictError if it moved on. */
  expectedVersion: number;
  /** State guard: the change applies only while the consignment is in one of these statuses. */
  from?: ConsignmentStatus | readonly ConsignmentStatus[];
  status?: ConsignmentStatus;
  set?: ConsignmentChanges;
  event: ConsignmentEventInput;
  /**
   * Applies only while the workflow has not routed on the plan yet (`planSettled` absent): a
   * change of port inspection must reach the workflow or not happen (alert re-planning).
   */
  unlessPlanSettled?: boolean;
}

/** Filters of GET /consignments; any combination, each narrowing the others. */
export interface ConsignmentQuery {
  status?: ConsignmentStatus;
  direction?: Direction;
  /** Consignments where this bureau is responsible (port or inland bureau). */
  bureau?: BureauCode;
  /** Consignments declared by this enterprise (credit code of the Chinese party). */
  enterprise?: string;
  trainId?: string;
  /** One consignment by id (still subject to every other filter and the caller's scope). */
  id?: string;
  /** Consignments with this container (ISO 6346 number). */
  container?: string;
  /** Consignments with a goods line whose HS code starts with this heading prefix (4 to 10 digits). */
  hsPrefix?: string;
  /** Consignments where this enterprise is consignor or consignee (its credit code). */
  party?: string;
  portCode?: PortCode;
  /** Inclusive bounds on the filing time (ISO 8601 instants). */
  filedFrom?: string;
  filedTo?: string;
}
