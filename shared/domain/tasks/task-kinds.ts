import type { BureauCode } from '../codes.ts';
import { CONSIGNMENT_TASK_KINDS, type ConsignmentTaskKind } from '../lifecycle/consignment-lifecycle.ts';

/**
 * What a workflow waits for a person to do. A task belongs to one subject, a consignment, a
 * train run, a certificate-of-origin application or a coordination case, and each kind occurs at most once per subject, so `<subjectId>.<kind>` names a task
 * for its whole life, across escalations. The consignment tasks are defined with the lifecycle
 * that routes between them (shared/domain/lifecycle).
 */
export { CONSIGNMENT_TASK_KINDS, type ConsignmentTaskKind };

/** Recorded once per train by the port bureau (train-run workflow). */
export const TRAIN_TASK_KINDS = ['train-quarantine', 'train-radiation'] as const;
export type TrainTaskKind = (typeof TRAIN_TASK_KINDS)[number];

/** Recorded once per certificate-of-origin application, by its origin bureau (OriginCertificate workflow). */
export const ORIGIN_TASK_KINDS = ['origin-certificate-review'] as const;
export type OriginTaskKind = (typeof ORIGIN_TASK_KINDS)[number];

/** Answered once per coordination case, by the bureau it is addressed to (CoordinationCase workflow, 408号 四（二）). */
export const COORDINATION_TASK_KINDS = ['coordination-case'] as const;
export type CoordinationTaskKind = (typeof COORDINATION_TASK_KINDS)[number];

export const TASK_KINDS = [...CONSIGNMENT_TASK_KINDS, ...TRAIN_TASK_KINDS, ...ORIGIN_TASK_KINDS, ...COORDINATION_TASK_KINDS] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const isTrainTaskKind = (kind: string): kind is TrainTaskKind => (TRAIN_TASK_KINDS as readonly string[]).includes(kind);
export const isOriginTaskKind = (kind: string): kind is OriginTaskKind => (ORIGIN_TASK_KINDS as readonly string[]).includes(kind);
export const isConsignmentTaskKind = (kind: string): kind is ConsignmentTaskKind => (CONSIGNMENT_TASK_KINDS as readonly string[]).includes(kind);
export const isCoordinationTaskKind = (kind: string): kind is CoordinationTaskKind => (COORDINATION_TASK_KINDS as readonly string[]).includes(kind);

export const taskIdFor = (subjectId: string, kind: TaskKind) => `${subjectId}.${kind}`;

/** The consignment status while a task of this kind is open: it names the step awaited (from the lifecycle table). */
export { STATUS_WHILE_AWAITING } from '../lifecycle/consignment-lifecycle.ts';

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
  // §10: containers wait at the seaport or airport for their next mode; the seals are checked as they change.
  'mode-hand-over': 8 * 3600,
  // A train dwells at the border for hours while its containers change gauge.
  'train-quarantine': 2 * 3600,
  'train-radiation': 2 * 3600,
  // A paperless application is reviewed within two working days of its receipt.
  'origin-certificate-review': 48 * 3600,
  // 408号 四（二）: problems of a running train are coordinated "in time"; two working days by
  // default, and the opening bureau may ask for less (a train waiting) or more (`answerWithinHours`).
  'coordination-case': 48 * 3600,
};

export const TASK_TITLES: Record<TaskKind, { zh: string; en: string }> = {
  'port-checks': { zh: '口岸查验（辐射监测、集装箱检疫、表面处理）', en: 'Port checks (radiation, container quarantine, surface treatment)' },
  'port-inspection': { zh: '口岸开箱查验', en: 'Port inspection (opening the containers)' },
  'destination-inspection': { zh: '目的地检验检疫', en: 'Destination inspection and quarantine' },
  'origin-inspection': { zh: '产地（采购地）检验检疫', en: 'Origin (purchase-location) inspection' },
  treatment: { zh: '检疫处理', en: 'Quarantine treatment' },
  'mode-hand-over': { zh: '多式联运交接（逐箱核对封识）', en: 'Multimodal hand-over (container seals checked)' },
  'train-quarantine': { zh: '列车检疫（含集装箱检疫、表面处理）', en: 'Train quarantine (with container quarantine and surface treatment)' },
  'train-radiation': { zh: '整列通道辐射监测', en: 'Radiation monitoring of the whole train' },
  'origin-certificate-review': { zh: '原产地证书签证审核', en: 'Certificate of origin: review of the application' },
  'coordination-case': { zh: '协调事项答复', en: 'Coordination case: answer to another bureau' },
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
