import type { Direction } from '#shared/domain/codes.ts';
import { CONSIGNMENT_LIFECYCLE, type NextStep, type StepCondition } from '#shared/domain/lifecycle/consignment-lifecycle.ts';
import type { ConsignmentTaskKind } from '#shared/domain/tasks/task-kinds.ts';
import { awaitTask, choice, END, invoke, jsonata, pass, stateMachine, type NamedState, type StateMachine } from './asl.ts';

/**
 * A consignment workflow is its direction's transition table (shared/domain/lifecycle) written as
 * ASL: `Planned`, then per step an `Await<Kind>` callback state and the Choice state that routes
 * its answer (before a Choice that routes on the plan, a `PlanAfter<Kind>` step that reads the
 * plan as it stands then), then `Release` and `Reject`. The input is the filing's
 * `LifecycleInput`, kept in `$lifecycle`; the answer of the last task is `$result`.
 */
export interface ConsignmentWorkflowText {
  comment: string;
  /** A Choice state named otherwise than `After<Kind>`: names are what the console and the execution history show. */
  choiceNames?: Partial<Record<ConsignmentTaskKind, string>>;
  choiceComments?: Partial<Record<ConsignmentTaskKind, string>>;
}

const pascal = (kind: string) => kind.replace(/(^|-)(\w)/g, (_, __: string, letter: string) => letter.toUpperCase());

export const awaitStateName = (kind: ConsignmentTaskKind) => `Await${pascal(kind)}`;

const stateFor = (next: NextStep) => (next === 'release' ? 'Release' : next === 'reject' ? 'Reject' : awaitStateName(next));

/** Each predicate of the table in JSONata over `$result` (the answer) and `$lifecycle` (the plan). */
const PREDICATES: { [Field in keyof StepCondition]-?: (value: NonNullable<StepCondition[Field]>) => string } = {
  outcome: (outcome) => `$result.outcome = '${outcome}'`,
  // `!=` holds for a `null` disposal, as `{ not }` does in the table: a pass always sends `null`.
  disposal: (disposal) => (typeof disposal === 'string' ? `$result.disposal = '${disposal}'` : `$result.disposal != '${disposal.not}'`),
  portInspectionPlanned: (planned) => (planned ? '$lifecycle.portInspection' : '$not($lifecycle.portInspection)'),
  // Fixed at filing (the journey), so read from the input; absent in an execution started before it existed.
  handOverPlanned: (planned) => (planned ? '$lifecycle.handOver = true' : '$not($lifecycle.handOver = true)'),
};

export function conditionExpression(condition: StepCondition): string {
  const parts = [
    condition.outcome === undefined ? undefined : PREDICATES.outcome(condition.outcome),
    condition.disposal === undefined ? undefined : PREDICATES.disposal(condition.disposal),
    condition.portInspectionPlanned === undefined ? undefined : PREDICATES.portInspectionPlanned(condition.portInspectionPlanned),
    condition.handOverPlanned === undefined ? undefined : PREDICATES.handOverPlanned(condition.handOverPlanned),
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'true' : parts.join(' and ');
}

const close = (outcome: 'released' | 'rejected') =>
  invoke({
    function: 'CloseConsignmentFunction',
    payload: { consignmentId: jsonata('$lifecycle.consignmentId'), outcome, executionArn: jsonata('$states.context.Execution.Id'), correlationId: jsonata('$lifecycle.correlationId') },
    output: jsonata('$states.result.Payload'),
    then: END,
  });

/**
 * The plan as it stands when the workflow routes on it, not as filed: an alert that took effect
 * since may have re-planned the consignment (shared/lifecycle/alerts). The step also settles the
 * plan, so that an alert taking effect later no longer changes what was routed on here.
 */
const settlePlan = (kind: ConsignmentTaskKind, then: string) =>
  invoke({
    comment: 'The plan as it stands now (an alert in force since filing may have re-planned it), settled for this routing.',
    function: 'SettlePlanFunction',
    payload: jsonata(`{'consignmentId': $lifecycle.consignmentId, 'after': '${kind}', 'correlationId': $lifecycle.correlationId}`),
    assign: { lifecycle: jsonata('$merge([$lifecycle, $states.result.Payload])') },
    then,
  });

export function consignmentWorkflow(direction: Direction, text: ConsignmentWorkflowText): StateMachine {
  const lifecycle = CONSIGNMENT_LIFECYCLE[direction];
  const planned: NamedState = [
    'Planned',
    pass({
      comment: "Filed and planned by POST /consignments: the routing policy's plan arrives in the input.",
      assign: {
        lifecycle: jsonata('$states.input'),
        task: jsonata("{'consignmentId': $states.input.consignmentId, 'leadBureau': $states.input.leadBureau, 'executionArn': $states.context.Execution.Id, 'correlationId': $states.input.correlationId}"),
        escalation: 0,
      },
      then: awaitStateName(lifecycle.firstStep),
    }),
  ];
  const steps = lifecycle.steps.flatMap((step): NamedState[] => {
    const awaiting = awaitStateName(step.kind);
    const routing = text.choiceNames?.[step.kind] ?? `After${pascal(step.kind)}`;
    const choices: Array<readonly [string, string]> = [];
    let otherwise: string | undefined;
    for (const rule of step.rules) {
      if ('otherwise' in rule) otherwise = stateFor(rule.otherwise);
      else choices.push([conditionExpression(rule.when), stateFor(rule.next)]);
    }
    if (otherwise === undefined) throw new Error(`the ${direction} ${step.kind} step has no default`);
    const comment = text.choiceComments?.[step.kind];
    // A Choice that routes on the plan reads it as it stands now, through a step (below).
    const readsPlan = step.rules.some((rule) => 'when' in rule && rule.when.portInspectionPlanned !== undefined);
    const planning = `PlanAfter${pascal(step.kind)}`;
    return [
      [
        awaiting,
        awaitTask(awaiting, {
          kind: step.kind,
          bureau: `$lifecycle.${step.bureau}`,
          deadlines: '$lifecycle.deadlines',
          comment: `Callback: the bureau completes the ${step.kind} task through POST /tasks/{id}/complete. Each deadline that passes re-enters this state escalated, and the task waits on.`,
          assign: { result: jsonata('$states.result') },
          then: readsPlan ? planning : routing,
        }),
      ],
      ...(readsPlan ? [[planning, settlePlan(step.kind, routing)] as const] : []),
      [routing, choice({ ...(comment !== undefined && { comment }), choices, otherwise })],
    ];
  });
  return stateMachine(text.comment, [planned, ...steps, ['Release', close('released')], ['Reject', close('rejected')]]);
}
