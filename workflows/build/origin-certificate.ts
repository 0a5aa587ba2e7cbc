import { awaitTask, choice, END, invoke, jsonata, pass, stateMachine } from './asl.ts';

/**
 * The review of a certificate-of-origin application. `$application` is the input
 * (`OriginCertificateInput`: the application, its origin and lead bureaus and the deadline);
 * `$task` is the part of the review task's request that does not change; `$result` the decision.
 */
const closeStep = (fn: string, comment: string) =>
  invoke({
    comment,
    function: fn,
    payload: jsonata("{'applicationId': $application.applicationId, 'executionArn': $states.context.Execution.Id, 'correlationId': $application.correlationId}"),
    output: jsonata('$states.result.Payload'),
    then: END,
  });

export const originCertificate = () =>
  stateMachine(
    '原产地签证无纸化申报 Paperless certificate-of-origin application (国质检通〔2016〕408号 三（六）): the origin bureau reviews the exporter\'s application; an approval issues the signed certificate of origin, a refusal closes the application with its reason.',
    [
      [
        'Received',
        pass({
          comment: 'Checked and stored by POST /origin-certificate-applications: the application and its bureaus arrive in the input.',
          assign: {
            application: jsonata('$states.input'),
            task: jsonata("{'applicationId': $states.input.applicationId, 'leadBureau': $states.input.leadBureau, 'executionArn': $states.context.Execution.Id, 'correlationId': $states.input.correlationId}"),
            escalation: 0,
          },
          then: 'AwaitOriginCertificateReview',
        }),
      ],
      [
        'AwaitOriginCertificateReview',
        awaitTask('AwaitOriginCertificateReview', {
          kind: 'origin-certificate-review',
          bureau: '$application.originBureau',
          deadlines: '$application.deadlines',
          comment:
            'Callback: the origin bureau approves or refuses the application through POST /tasks/{id}/complete. Each deadline that passes re-enters this state escalated (the bureau, then the lead bureau, then HQ), and the task waits on.',
          assign: { result: jsonata('$states.result') },
          then: 'Decide',
        }),
      ],
      [
        'Decide',
        choice({
          comment: 'The decision was recorded on the application with the answer; the steps below act on it.',
          choices: [["$result.decision = 'approve'", 'Issue']],
          otherwise: 'Refuse',
        }),
      ],
      ['Issue', closeStep('IssueOriginCertificateFunction', 'Issues the signed certificate of origin once, records its id and serial on the application, and tells the applicant.')],
      ['Refuse', closeStep('CloseRefusedOriginApplicationFunction', 'The refused application gives up its consignment and form, and the applicant is told the reason.')],
    ],
  );
