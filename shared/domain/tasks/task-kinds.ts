import type { BureauCode } from '../codes.ts';
import type { ConsignmentStatus } from '../consignment-status.ts';

/**
 * What a workflow waits for a person to do. Each kind occurs at most once per consignment, so
 * `<consignmentId>.<kind>` names a task for its whole life, across escalations.
 */
export const TASK_KINDS = [
  'port-checks',
  'port-inspection',
  'destination-inspection',
  'origin-inspection',
  'treatment',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const taskIdFor = (consignmentId: string, kind: TaskKind) => `${consignmentId}.${kind}`;

/** The consignment status while a task of this kind is open: it names the step awaited. */
export const STATUS_WHILE_AWAITING: Record<TaskKind, ConsignmentStatus> = {
  'port-checks': 'awaiting-port-checks',
  'port-inspection': 'awaiting-port-inspection',
  'destination-inspection': 'awaiting-destination-inspection',
  'origin-inspection': 'awaiting-origin-inspection',
  treatment: 'awaiting-disposal',
};

/**
 * How long a bureau has before the workflow escalates, per escalation round. Port work is
 * measured against the train's dwell at the border; inland work in working days.
 */
export const TASK_DEADLINE_SECONDS: Record<TaskKind, number> = {
  'port-checks': 4 * 3600,
  'port-inspection': 24 * 3600,
  'destination-inspection': 72 * 3600,
  'origin-inspection': 72 * 3600,
  treatment: 120 * 3600,
};

export const TASK_TITLES: Record<TaskKind, { zh: string; en: string }> = {
  'port-checks': { zh: '口岸查验（辐射监测、集装箱检疫、表面处理）', en: 'Port checks (radiation, container quarantine, surface treatment)' },
  'port-inspection': { zh: '口岸开箱查验', en: 'Port inspection (opening the containers)' },
  'destination-inspection': { zh: '目的地检验检疫', en: 'Destination inspection and quarantine' },
  'origin-inspection': { zh: '产地（采购地）检验检疫', en: 'Origin (purchase-location) inspection' },
  treatment: { zh: '检疫处理', en: 'Quarantine treatment' },
};

/**
 * Who is told when a task runs past its deadline (408号 四（二）、（三）): the responsible
 * bureau is reminded once, then the lead bureau of the port's cooperation group convenes, then HQ.
 */
export function escalationTarget(level: number, bureaus: { responsible: BureauCode; lead: BureauCode }): BureauCode {
  if (level <= 1) return bureaus.responsible;
  if (level === 2) return bureaus.lead;
  return 'HQ';
}
