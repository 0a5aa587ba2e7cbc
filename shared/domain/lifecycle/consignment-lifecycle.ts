import { DIRECTIONS, type Direction } from '../codes.ts';
import { CONSIGNMENT_STATUSES, type ConsignmentStatus } from '../consignment-status.ts';
import type { Disposal } from '../lifecycle-records.ts';

/**
 * The consignment lifecycle as one transition table: per direction, the first step and, for each
 * task a bureau is asked to do, who does it, what the consignment's status says meanwhile, and
 * where its answer leads. The consignment workflows (`workflows/consignment-*.asl.json`, written
 * by `npm run workflows`) and the statuses below are derived from it, and a test checks the
 * workflow files against it.
 *
 * This module imports nothing from `tasks/`: `task-kinds.ts` re-exports the kinds and statuses
 * defined here, and the import graph stays free of cycles (test/infra/import-cycles.test.ts).
 */

/** The tasks a consignment's lifecycle waits for; `task-kinds.ts` adds the train tasks. */
export const CONSIGNMENT_TASK_KINDS = [
  'port-checks',
  'port-inspection',
  'destination-inspection',
  'origin-inspection',
  'treatment',
  // §10: the hand-over between the modes of a multimodal journey, seals checked (multimodal/).
  'mode-hand-over',
] as const;
export type ConsignmentTaskKind = (typeof CONSIGNMENT_TASK_KINDS)[number];

/** A bureau's verdict, as `taskOutcomeSchema` (tasks/task-results.ts) accepts it. */
export type TaskOutcome = 'pass' | 'fail';

/** What the lifecycle routes on in a bureau's answer; a pass has no disposal. */
export interface StepAnswer {
  outcome: TaskOutcome;
  disposal: Disposal | null;
}

/** What the lifecycle routes on in the inspection plan made at filing. */
export interface LifecyclePlan {
  portInspection: boolean;
  /** §10: the journey changes mode in China, and the hand-over bureau checks the seals there (absent: no). */
  handOver?: boolean;
}

/** Which bureau of the lifecycle input acts: the border port's, or the inland one (destination on import, origin on export). */
export type ActingBureau = 'portBureau' | 'inlandBureau' | 'handOverBureau';

/** Where an answer leads: another task, or the end of the lifecycle. */
export type NextStep = ConsignmentTaskKind | 'release' | 'reject';

/** A conjunction: every stated field must hold; `{}` always holds. */
export interface StepCondition {
  outcome?: TaskOutcome;
  disposal?: Disposal | { not: Disposal };
  portInspectionPlanned?: boolean;
  /** §10: the filing's journey has a hand-over between modes (fixed at filing). */
  handOverPlanned?: boolean;
}

export interface ConditionalRule {
  when: StepCondition;
  next: NextStep;
}
export interface DefaultRule {
  otherwise: NextStep;
}
export type StepRule = ConditionalRule | DefaultRule;

export interface LifecycleStep {
  kind: ConsignmentTaskKind;
  bureau: ActingBureau;
  /** The consignment's status while this task is open. */
  status: ConsignmentStatus;
  /** Tried in order; the first that holds decides, and the last always holds. */
  rules: readonly [...ConditionalRule[], DefaultRule];
}

export interface DirectionLifecycle {
  /** The state machine in `infra/manifest.ts` that runs this direction. */
  workflow: string;
  firstStep: ConsignmentTaskKind;
  /** In the order a consignment usually meets them (the workflow lists its states in this order); one per kind. */
  steps: readonly LifecycleStep[];
}

const rejectUnlessTreated = { when: { outcome: 'fail', disposal: { not: 'treatment' } }, next: 'reject' } as const;

export const CONSIGNMENT_LIFECYCLE: Readonly<Record<Direction, DirectionLifecycle>> = {
  // 进口直通: port checks at the border, inspection and release by the destination bureau.
  import: {
    workflow: 'ConsignmentImport',
    firstStep: 'port-checks',
    steps: [
      {
        kind: 'port-checks',
        bureau: 'portBureau',
        status: 'awaiting-port-checks',
        // A nonconformity that treatment can cure goes on inland, where the destination bureau orders it.
        rules: [
          rejectUnlessTreated,
          { when: { portInspectionPlanned: true }, next: 'port-inspection' },
          { when: { handOverPlanned: true }, next: 'mode-hand-over' },
          { otherwise: 'destination-inspection' },
        ],
      },
      {
        kind: 'port-inspection',
        bureau: 'portBureau',
        status: 'awaiting-port-inspection',
        rules: [rejectUnlessTreated, { when: { handOverPlanned: true }, next: 'mode-hand-over' }, { otherwise: 'destination-inspection' }],
      },
      {
        // §10: where the journey changes mode; a seal not as declared rejects the goods.
        kind: 'mode-hand-over',
        bureau: 'handOverBureau',
        status: 'awaiting-hand-over',
        rules: [{ when: { outcome: 'fail' }, next: 'reject' }, { otherwise: 'destination-inspection' }],
      },
      {
        kind: 'destination-inspection',
        bureau: 'inlandBureau',
        status: 'awaiting-destination-inspection',
        rules: [{ when: { outcome: 'pass' }, next: 'release' }, { when: { disposal: 'treatment' }, next: 'treatment' }, { otherwise: 'reject' }],
      },
      {
        kind: 'treatment',
        bureau: 'inlandBureau',
        status: 'awaiting-disposal',
        rules: [{ when: { outcome: 'pass' }, next: 'release' }, { otherwise: 'reject' }],
      },
    ],
  },
  // 出口直放: the origin bureau inspects and clears; the port inspects only the listed exceptions.
  export: {
    workflow: 'ConsignmentExport',
    firstStep: 'origin-inspection',
    steps: [
      {
        kind: 'origin-inspection',
        bureau: 'inlandBureau',
        status: 'awaiting-origin-inspection',
        rules: [
          { when: { outcome: 'fail', disposal: 'treatment' }, next: 'treatment' },
          { when: { outcome: 'fail' }, next: 'reject' },
          { when: { handOverPlanned: true }, next: 'mode-hand-over' },
          { when: { portInspectionPlanned: true }, next: 'port-inspection' },
          { otherwise: 'release' },
        ],
      },
      {
        kind: 'treatment',
        bureau: 'inlandBureau',
        status: 'awaiting-disposal',
        rules: [
          { when: { outcome: 'fail' }, next: 'reject' },
          { when: { handOverPlanned: true }, next: 'mode-hand-over' },
          { when: { portInspectionPlanned: true }, next: 'port-inspection' },
          { otherwise: 'release' },
        ],
      },
      {
        // §10: on the way from the origin to the port of exit, where the journey changes mode.
        kind: 'mode-hand-over',
        bureau: 'handOverBureau',
        status: 'awaiting-hand-over',
        rules: [{ when: { outcome: 'fail' }, next: 'reject' }, { when: { portInspectionPlanned: true }, next: 'port-inspection' }, { otherwise: 'release' }],
      },
      {
        kind: 'port-inspection',
        bureau: 'portBureau',
        status: 'awaiting-port-inspection',
        rules: [{ when: { outcome: 'fail' }, next: 'reject' }, { otherwise: 'release' }],
      },
    ],
  },
};

export function lifecycleStep(direction: Direction, kind: ConsignmentTaskKind): LifecycleStep {
  const step = CONSIGNMENT_LIFECYCLE[direction].steps.find((s) => s.kind === kind);
  if (step === undefined) throw new Error(`an ${direction} consignment has no ${kind} step`);
  return step;
}

export function conditionHolds(condition: StepCondition, answer: StepAnswer, plan: LifecyclePlan): boolean {
  if (condition.outcome !== undefined && answer.outcome !== condition.outcome) return false;
  if (condition.disposal !== undefined) {
    const holds = typeof condition.disposal === 'string' ? answer.disposal === condition.disposal : answer.disposal !== condition.disposal.not;
    if (!holds) return false;
  }
  if (condition.portInspectionPlanned !== undefined && plan.portInspection !== condition.portInspectionPlanned) return false;
  if (condition.handOverPlanned !== undefined && (plan.handOver ?? false) !== condition.handOverPlanned) return false;
  return true;
}

/** Where a bureau's answer to one step leads. */
export function nextStep(direction: Direction, kind: ConsignmentTaskKind, answer: StepAnswer, plan: LifecyclePlan): NextStep {
  for (const rule of lifecycleStep(direction, kind).rules) {
    if ('otherwise' in rule) return rule.otherwise;
    if (conditionHolds(rule.when, answer, plan)) return rule.next;
  }
  // Unreachable while every rule list ends in `otherwise`, which its type demands.
  throw new Error(`the ${direction} ${kind} step has no rule for ${JSON.stringify(answer)}`);
}

/** Every step a rule can lead to, the default included. */
export function reachableFrom(step: LifecycleStep): NextStep[] {
  return [...new Set(step.rules.map((rule) => ('otherwise' in rule ? rule.otherwise : rule.next)))];
}

/** The consignment's status while a task of this kind is open; both directions must agree on it. */
function statusWhileAwaiting(kind: ConsignmentTaskKind): ConsignmentStatus {
  const statuses = new Set(DIRECTIONS.flatMap((direction) => CONSIGNMENT_LIFECYCLE[direction].steps.filter((step) => step.kind === kind).map((step) => step.status)));
  const [status, ...others] = statuses;
  if (status === undefined || others.length > 0) throw new Error(`the lifecycle table gives ${kind} ${statuses.size} awaiting statuses`);
  return status;
}

// Listed kind by kind so that the compiler checks every kind has a status (the values come from the table).
export const STATUS_WHILE_AWAITING: Readonly<Record<ConsignmentTaskKind, ConsignmentStatus>> = {
  'port-checks': statusWhileAwaiting('port-checks'),
  'port-inspection': statusWhileAwaiting('port-inspection'),
  'destination-inspection': statusWhileAwaiting('destination-inspection'),
  'origin-inspection': statusWhileAwaiting('origin-inspection'),
  treatment: statusWhileAwaiting('treatment'),
  'mode-hand-over': statusWhileAwaiting('mode-hand-over'),
};

/**
 * The statuses a consignment may be in when the lifecycle opens a task of this kind: `filed` for
 * a first step, and the awaiting-status of every step whose answer can lead here, in either
 * direction. Anything else (a closed consignment, a step that cannot lead here) is a stale or
 * misrouted workflow.
 */
export function allowedFromStatuses(kind: ConsignmentTaskKind): ConsignmentStatus[] {
  const allowed = new Set<ConsignmentStatus>();
  for (const direction of DIRECTIONS) {
    const lifecycle = CONSIGNMENT_LIFECYCLE[direction];
    if (lifecycle.firstStep === kind) allowed.add('filed');
    for (const step of lifecycle.steps) if (reachableFrom(step).includes(kind)) allowed.add(step.status);
  }
  return CONSIGNMENT_STATUSES.filter((status) => allowed.has(status));
}
