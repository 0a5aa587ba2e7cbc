import { awaitTask, choice, END, escalatingCallback, inlineMap, invoke, jsonata, stateMachine, succeed } from './asl.ts';

/**
 * The train-run workflow. `$run` is what BeginRun answered (the train, its bureaus and
 * deadlines); `$task` is the part of every train task request that does not change.
 */
export const trainRun = () =>
  stateMachine(
    '班列运行 Train run (国质检通〔2016〕408号 三（一）): pre-arrival notice; at the border crossing, train quarantine and radiation monitoring of the whole train by the port bureau, whose results each consignment inherits; clearance check before exit for outbound trains; a summary to the bureaus.',
    [
      [
        'Mode',
        choice({
          comment:
            'Both timetable schedules start this workflow (the Scheduler role may start nothing else): the pre-arrival notice, or the border crossing that runs the train.',
          choices: [["$states.input.mode = 'pre-arrival'", 'SendPreArrivalNotice']],
          otherwise: 'BeginRun',
        }),
      ],
      [
        'SendPreArrivalNotice',
        invoke({
          comment: '预到通知: the port bureau gets the manifest summary (containers, excepted categories, planned port inspections).',
          function: 'PreArrivalNoticeFunction',
          payload: jsonata("{'trainId': $states.input.trainId, 'executionArn': $states.context.Execution.Id}"),
          output: jsonata('$states.result.Payload'),
          then: END,
        }),
      ],
      [
        'BeginRun',
        invoke({
          comment:
            'One execution runs a train: it claims the run on the train item, files itself in the execution index, and sends the pre-arrival notice if the train came before it.',
          function: 'BeginTrainRunFunction',
          payload: jsonata("{'trainId': $states.input.trainId, 'executionArn': $states.context.Execution.Id, 'trigger': $states.input.trigger}"),
          assign: {
            run: jsonata('$states.result.Payload'),
            task: jsonata("{'trainId': $states.result.Payload.trainId, 'leadBureau': $states.result.Payload.leadBureau, 'executionArn': $states.context.Execution.Id}"),
            escalation: 0,
          },
          then: 'ShouldRun',
        }),
      ],
      [
        'ShouldRun',
        choice({
          choices: [
            ['$not($run.proceed)', 'NotRun'],
            ['$run.arrived', 'ByDirection'],
          ],
          otherwise: 'AwaitArrival',
        }),
      ],
      ['NotRun', succeed({ comment: 'Cancelled, or another execution runs this train.', output: jsonata('$run') })],
      [
        'AwaitArrival',
        escalatingCallback('AwaitArrival', {
          comment:
            'The schedule fired before the train arrived: wait for POST /trains/{id}/events arrived-at-border. Each time the wait times out, the port and inland bureaus are told the train is overdue, and the wait goes on.',
          function: 'AwaitTrainArrivalFunction',
          payload: jsonata("{'taskToken': $states.context.Task.Token, 'trainId': $run.trainId, 'executionArn': $states.context.Execution.Id, 'overdue': $escalation}"),
          timeoutSeconds: jsonata('$run.arrivalOverdueSeconds'),
          then: 'ByDirection',
        }),
      ],
      [
        'ByDirection',
        choice({
          comment: "出口直放: an outbound train's exports must be cleared before exit quarantine.",
          choices: [["$run.direction = 'outbound'", 'VerifyClearance']],
          otherwise: 'AwaitTrainQuarantine',
        }),
      ],
      [
        'VerifyClearance',
        invoke({
          comment: "Each export's clearance document is verified; anything not cleared is reported to its origin bureau and held back.",
          function: 'VerifyTrainClearanceFunction',
          payload: jsonata("{'trainId': $run.trainId, 'executionArn': $states.context.Execution.Id}"),
          then: 'AwaitTrainQuarantine',
        }),
      ],
      [
        'AwaitTrainQuarantine',
        awaitTask('AwaitTrainQuarantine', {
          kind: 'train-quarantine',
          bureau: '$run.portBureau',
          deadlines: '$run.deadlines',
          comment:
            'Callback: the port bureau completes the train-quarantine task (entry or exit quarantine of the train; inbound also the surface treatment and any container finding). Each deadline that passes re-enters this state escalated.',
          then: 'AwaitTrainRadiation',
        }),
      ],
      [
        'AwaitTrainRadiation',
        awaitTask('AwaitTrainRadiation', {
          kind: 'train-radiation',
          bureau: '$run.portBureau',
          deadlines: '$run.deadlines',
          comment: "Callback: the port bureau records the channel monitor's radiation results for the whole train, container by container.",
          then: 'ListConsignments',
        }),
      ],
      [
        'ListConsignments',
        invoke({
          comment: 'Read after both results are on the train: a consignment linked later finds them there.',
          function: 'ListTrainConsignmentsFunction',
          payload: jsonata("{'trainId': $run.trainId}"),
          output: jsonata('$states.result.Payload'),
          then: 'HandOver',
        }),
      ],
      [
        'HandOver',
        inlineMap({
          comment:
            'Each consignment gets the train-level results: imports with no alarm and no other open port check complete their port-checks step without a second officer action; the others wait for an officer.',
          items: jsonata('$states.input.consignmentIds'),
          itemSelector: jsonata("{'trainId': $run.trainId, 'consignmentId': $states.context.Map.Item.Value, 'executionArn': $states.context.Execution.Id}"),
          maxConcurrency: 10,
          states: [
            [
              'HandOverToConsignment',
              invoke({ function: 'HandOverTrainResultsFunction', payload: jsonata('$states.input'), output: jsonata('$states.result.Payload'), then: END }),
            ],
          ],
          assign: { outcomes: jsonata('$states.result') },
          then: 'Summarise',
        }),
      ],
      [
        'Summarise',
        invoke({
          comment: 'The summary goes to the port bureau, the lead bureau and the destination bureaus.',
          function: 'CloseTrainRunFunction',
          payload: jsonata("{'trainId': $run.trainId, 'executionArn': $states.context.Execution.Id, 'outcomes': $outcomes}"),
          output: jsonata('$states.result.Payload'),
          then: END,
        }),
      ],
    ],
  );
