import type { BureauCode } from '../domain/codes.ts';
import { CONSIGNMENT_STATUSES, type ConsignmentStatus } from '../domain/consignment-status.ts';
import { inlandBureauOf } from '../domain/consignment.ts';
import { CORRIDORS } from '../domain/reference/corridors.ts';
import type { Corridor } from '../domain/corridor.ts';
import type { AuditEventLike } from './timeline.ts';

/**
 * The figures of GET /stats, computed from consignment records and their audit trails. Pure: the
 * handler loads the records, this decides what they mean. Every definition is in README.md here.
 */
export interface StatsConsignment {
  id: string;
  direction: 'import' | 'export';
  status: ConsignmentStatus;
  portCode: string;
  portBureau: string;
  responsibleBureaus: readonly string[];
  /** Filing time: the time range filters on it. */
  createdAt: string;
  trainId?: string;
}

export interface StatsRecord {
  consignment: StatsConsignment;
  events: readonly AuditEventLike[];
  /** The corridor of the consignment's train, when the train names one. */
  trainCorridorId?: string;
  /** When the consignment's train actually reached the border (its `arrived-at-border` event). */
  trainArrivedAtBorder?: string;
}

export interface StatsFilter {
  /** Inclusive bounds on the filing time (ISO 8601). */
  from?: string;
  to?: string;
  port?: string;
  bureau?: BureauCode;
  corridor?: string;
  direction?: 'import' | 'export';
}

export interface Share {
  count: number;
  of: number;
  /** count / of, rounded to 4 decimals; null when `of` is 0. */
  share: number | null;
}

export interface Durations {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface Stats {
  consignments: number;
  byStatus: Record<ConsignmentStatus, number>;
  importsDirectThrough: Share;
  exportsReleasedWithoutPortAction: Share;
  filingToRelease: Durations;
  portDwell: Durations;
  nonconformity: Share;
}

const INSPECTION_KINDS = new Set(['port-checks', 'port-inspection', 'destination-inspection', 'origin-inspection']);
const PORT_KINDS = new Set(['port-checks', 'port-inspection']);
const COMPLETED = '-completed';

/**
 * The quantile by linear interpolation between the closest ranks (R type 7, numpy's default):
 * median of [1, 2, 3, 4] is 2.5, p90 of [1 … 10] is 9.1. Null for no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (position - lower);
}

const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));

export function share(count: number, of: number): Share {
  return { count, of, share: of === 0 ? null : round(count / of, 4) };
}

export function durations(milliseconds: readonly number[]): Durations {
  const seconds = milliseconds.map((ms) => ms / 1000);
  return { count: seconds.length, medianSeconds: round(quantile(seconds, 0.5), 3), p90Seconds: round(quantile(seconds, 0.9), 3) };
}

/**
 * The corridor a consignment travels: its train's, when the train names one; otherwise the one
 * service through its port whose Chinese end is its inland bureau (unique in the reference data).
 */
export function corridorOf(record: StatsRecord, corridors: readonly Corridor[] = CORRIDORS): string | undefined {
  if (record.trainCorridorId !== undefined) return record.trainCorridorId;
  const inland = inlandBureauOf(record.consignment);
  const matching = corridors.filter((c) => c.originBureau === inland && (c.ports as readonly string[]).includes(record.consignment.portCode));
  return matching.length === 1 ? matching[0]?.id : undefined;
}

export function matchesFilter(record: StatsRecord, filter: StatsFilter): boolean {
  const c = record.consignment;
  const filed = Date.parse(c.createdAt);
  if (filter.from !== undefined && filed < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && filed > Date.parse(filter.to)) return false;
  if (filter.port !== undefined && c.portCode !== filter.port) return false;
  if (filter.bureau !== undefined && !c.responsibleBureaus.includes(filter.bureau)) return false;
  if (filter.direction !== undefined && c.direction !== filter.direction) return false;
  if (filter.corridor !== undefined && corridorOf(record) !== filter.corridor) return false;
  return true;
}

const kindOfCompleted = (e: AuditEventLike) => (e.type.endsWith(COMPLETED) ? e.type.slice(0, -COMPLETED.length) : undefined);
const openedKind = (e: AuditEventLike) => (e.type === 'task-opened' && typeof e.data?.kind === 'string' ? e.data.kind : undefined);
const time = (e: AuditEventLike) => Date.parse(e.at);

/** What one consignment's audit trail says, in the terms the figures use. */
export function facts(record: StatsRecord) {
  const { consignment: c, events } = record;
  const opened = events.filter((e) => openedKind(e) !== undefined);
  const completed = events.filter((e) => kindOfCompleted(e) !== undefined);
  const portChecks = completed.find((e) => kindOfCompleted(e) === 'port-checks');
  const stoppedAtPort = portChecks?.data?.outcome === 'fail' && portChecks.data.disposal !== 'treatment';
  const portOpened = opened.filter((e) => PORT_KINDS.has(openedKind(e) ?? ''));
  const portCompleted = completed.filter((e) => PORT_KINDS.has(kindOfCompleted(e) ?? ''));
  const portOpenedKinds = new Set(portOpened.map(openedKind));
  const portCompletedKinds = new Set(portCompleted.map(kindOfCompleted));
  const portWorkDone = portOpened.length > 0 && [...portOpenedKinds].every((k) => portCompletedKinds.has(k));
  const released = events.find((e) => e.type === 'released');
  const filed = events.find((e) => e.type === 'filed');
  const portAction =
    opened.some((e) => e.data?.bureau === c.portBureau) || completed.some((e) => e.actor?.bureau === c.portBureau);
  return {
    portChecksCompleted: portChecks !== undefined,
    stoppedAtPort,
    portInspectionOpened: portOpenedKinds.has('port-inspection'),
    portAction,
    portDwellMs: portWorkDone ? dwell(Math.min(...portOpened.map(time)), Math.max(...portCompleted.map(time)), record.trainArrivedAtBorder) : undefined,
    /** Filing → the `released` event. */
    filingToReleaseMs: released ? time(released) - (filed ? time(filed) : Date.parse(c.createdAt)) : undefined,
    inspected: completed.some((e) => INSPECTION_KINDS.has(kindOfCompleted(e) ?? '')),
    failed: completed.some((e) => e.data?.outcome === 'fail'),
  };
}

/**
 * Port dwell: from the first port task opened, or from the train's arrival at the border when the
 * task opened before the train came (an import filed ahead of its train), to the last port task
 * completed. Port work finished before the train arrived (an export inspected in the port yard)
 * counts from its task's opening.
 */
function dwell(firstOpened: number, lastCompleted: number, arrivedAtBorder: string | undefined): number {
  const arrival = arrivedAtBorder !== undefined ? Date.parse(arrivedAtBorder) : Number.NaN;
  const start = arrival > firstOpened && arrival <= lastCompleted ? arrival : firstOpened;
  return lastCompleted - start;
}

export function computeStats(records: readonly StatsRecord[], filter: StatsFilter = {}): Stats {
  const selected = records.filter((r) => matchesFilter(r, filter));
  const byStatus = Object.fromEntries(CONSIGNMENT_STATUSES.map((s) => [s, 0])) as Record<ConsignmentStatus, number>;
  let pastPort = 0;
  let directThrough = 0;
  let releasedExports = 0;
  let releasedWithoutPort = 0;
  let inspected = 0;
  let failed = 0;
  const filingToRelease: number[] = [];
  const portDwell: number[] = [];
  for (const record of selected) {
    const c = record.consignment;
    const f = facts(record);
    byStatus[c.status] += 1;
    if (c.direction === 'import' && f.portChecksCompleted && !f.stoppedAtPort) {
      pastPort += 1;
      if (!f.portInspectionOpened) directThrough += 1;
    }
    if (c.direction === 'export' && c.status === 'released') {
      releasedExports += 1;
      if (!f.portAction) releasedWithoutPort += 1;
    }
    if (f.inspected) {
      inspected += 1;
      if (f.failed) failed += 1;
    }
    if (c.status === 'released' && f.filingToReleaseMs !== undefined) filingToRelease.push(f.filingToReleaseMs);
    if (f.portDwellMs !== undefined) portDwell.push(f.portDwellMs);
  }
  return {
    consignments: selected.length,
    byStatus,
    importsDirectThrough: share(directThrough, pastPort),
    exportsReleasedWithoutPortAction: share(releasedWithoutPort, releasedExports),
    filingToRelease: durations(filingToRelease),
    portDwell: durations(portDwell),
    nonconformity: share(failed, inspected),
  };
}
