import { awaitTask, choice, END, invoke, jsonata, pass, stateMachine } from './asl.ts';

/**
 * A coordination case. `$coordination` is the input (`CoordinationCaseInput`: the case, its addressed and
 * lead bureaus, the deadline per round); `$task` is the part of the task's request that does not
 * change; `$result` how the case ended.
 */
const closeStep = (outcome: 'resolved' | 'withdrawn', comment: string) =>
  invoke({
    comment,
    function: 'CloseCoordinationCaseFunction',
    payload: jsonata("{'caseId': $coordination.caseId, 'executionArn': $states.context.Execution.Id, 'correlationId': $coordination.correlationId}"),
    output: jsonata(`$merge([$states.result.Payload, {'outcome': '${outcome}'}])`),
    then: END,
  });

export const coordinationCase = () =>
  stateMachine(
    '协调事项 Coordination case (国质检通〔2016〕408号 四（二）、（三）): one bureau raises a problem with another about documents, inspection or release; the addressed bureau answers, or past each deadline the case goes to the lead bureau of the cooperation group, then to HQ, which decide it; the opener may withdraw it.',
    [
      [
        'Opened',
        pass({
          comment: 'Checked and stored by POST /cases: the case and its bureaus arrive in the input.',
          assign: {
            coordination: jsonata('$states.input'),
            task: jsonata("{'caseId': $states.input.caseId, 'leadBureau': $states.input.leadBureau, 'executionArn': $states.context.Execution.Id, 'correlationId': $states.input.correlationId}"),
            escalation: 0,
          },
          then: 'AwaitAnswer',
        }),
      ],
      [
        'AwaitAnswer',
        awaitTask('AwaitAnswer', {
          kind: 'coordination-case',
          bureau: '$coordination.addressedBureau',
          deadlines: '$coordination.deadlines',
          comment:
            'Callback: the addressed bureau answers (POST /tasks/{id}/complete or POST /cases/{id}/resolve); once escalated the lead bureau or HQ may decide, and the opener may withdraw (POST /cases/{id}/withdraw). Each deadline that passes re-enters this state escalated (the addressed bureau reminded, then the lead bureau, then HQ), and the task waits on.',
          assign: { result: jsonata('$states.result') },
          then: 'HowItEnded',
        }),
      ],
      [
        'HowItEnded',
        choice({
          comment: 'The outcome was recorded on the case with the answer; the last step tells the bureaus concerned.',
          choices: [["$result.outcome = 'withdrawn'", 'Withdrawn']],
          otherwise: 'Resolved',
        }),
      ],
      ['Resolved', closeStep('resolved', 'The parties, and HQ if the case reached it, hear the resolution.')],
      ['Withdrawn', closeStep('withdrawn', 'The parties, and HQ if the case reached it, hear that the opener withdrew the case.')],
    ],
  );
