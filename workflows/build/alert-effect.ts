import { choice, END, inlineMap, invoke, jsonata, stateMachine, succeed, waitUntil } from './asl.ts';

/**
 * The AlertEffect workflow: one execution per change of an alert (shared/lifecycle/alerts). The
 * input is the change (`AlertEffectInput`); `$step` is what every step is asked with (the alert,
 * this execution's name, the correlation id), `$cursor` where the next page of consignments in
 * flight starts. Every step re-reads the alert and acts only while this execution is the alert's
 * current one, so an older execution that wakes after a later change does nothing.
 */
export const alertEffect = () =>
  stateMachine(
    '预警通报 Alert effect (国质检通〔2016〕408号 三（七）): the notices of a change of an alert, the re-planning of the consignments in flight it covers, and the waits for its validFrom and validUntil.',
    [
      [
        'Announce',
        invoke({
          comment: 'HQ hears of a proposal to approve, a bureau of its rejected one; every bureau and subscribed enterprise of an alert put in force, changed or withdrawn.',
          function: 'AnnounceAlertFunction',
          payload: jsonata("{'alertId': $states.input.alertId, 'execution': $states.context.Execution.Name, 'correlationId': $states.input.correlationId}"),
          assign: {
            step: jsonata("{'alertId': $states.input.alertId, 'execution': $states.context.Execution.Name, 'correlationId': $states.input.correlationId}"),
            window: jsonata("{'validFrom': $states.input.validFrom, 'validUntil': $states.input.validUntil}"),
            cursor: null,
          },
          output: jsonata('$states.result.Payload'),
          then: 'AfterAnnouncement',
        }),
      ],
      [
        'AfterAnnouncement',
        choice({
          choices: [
            ["$states.input.next = 'start'", 'WaitForStart'],
            ["$states.input.next = 'replan'", 'ListCovered'],
          ],
          otherwise: 'Done',
        }),
      ],
      ['WaitForStart', waitUntil({ comment: 'A scheduled alert takes effect at its validFrom.', timestamp: jsonata('$window.validFrom'), then: 'Start' })],
      [
        'Start',
        invoke({
          comment: 'In force from now: every bureau and subscribed enterprise hears.',
          function: 'StartAlertFunction',
          payload: jsonata('$step'),
          output: jsonata('$states.result.Payload'),
          then: 'InForce',
        }),
      ],
      ['InForce', choice({ choices: [['$states.input.active', 'ListCovered']], otherwise: 'Done' })],
      [
        'ListCovered',
        invoke({
          comment: 'A page of the consignments in flight the alert covers (its countries and commodities), read status by status.',
          function: 'ListAlertCoverageFunction',
          payload: jsonata("$merge([$step, {'cursor': $cursor}])"),
          assign: { cursor: jsonata('$states.result.Payload.cursor') },
          output: jsonata('$states.result.Payload'),
          then: 'Replan',
        }),
      ],
      [
        'Replan',
        inlineMap({
          comment:
            'Each consignment gets the measure as far as it has not passed the step it concerns; its history records the new plan and the reason, and its bureaus are told.',
          items: jsonata('$states.input.consignmentIds'),
          itemSelector: jsonata("$merge([$step, {'consignmentId': $states.context.Map.Item.Value}])"),
          maxConcurrency: 10,
          states: [['ReplanConsignment', invoke({ function: 'ReplanConsignmentFunction', payload: jsonata('$states.input'), output: jsonata('$states.result.Payload'), then: END })]],
          then: 'MoreCovered',
        }),
      ],
      ['MoreCovered', choice({ choices: [['$cursor != null', 'ListCovered']], otherwise: 'WaitForEnd' })],
      ['WaitForEnd', waitUntil({ comment: 'The alert ends at its validUntil (a change names a new execution with its own wait).', timestamp: jsonata('$window.validUntil'), then: 'Expire' })],
      [
        'Expire',
        invoke({
          comment: 'Expired once; every bureau and subscribed enterprise hears.',
          function: 'EndAlertFunction',
          payload: jsonata('$step'),
          output: jsonata('$states.result.Payload'),
          then: END,
        }),
      ],
      ['Done', succeed({ comment: 'Nothing more to follow: a proposal, a rejection, a withdrawal, or a later change carries the alert on.', output: jsonata('$states.input') })],
    ],
  );
