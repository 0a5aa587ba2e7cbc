import { END, invoke, jsonata, stateMachine, waitUntil } from './asl.ts';

/**
 * The MaintenanceDeadline workflow: one execution per global-maintenance import
 * (shared/lifecycle/maintenance). The input is `MaintenanceDeadlineInput`: the import and its
 * re-export deadline. It waits for the deadline (a Wait state, on the engine's clock) and then
 * escalates the pair if the goods are still in China; a re-export before then leaves the step
 * nothing to do.
 */
export const maintenanceDeadline = () =>
  stateMachine(
    '全球维修 Global maintenance re-export deadline (国质检通〔2016〕408号 三（四）): goods in for repair must leave again by their deadline; past it, a pair still open is marked overdue and its bureau, HQ and the enterprise hear.',
    [
      ['WaitForDeadline', waitUntil({ comment: 'The re-export deadline the repair import declared.', timestamp: jsonata('$states.input.reExportBy'), then: 'EscalateIfOpen' })],
      [
        'EscalateIfOpen',
        invoke({
          comment: 'Still in China: overdue, escalated to the supervising bureau and HQ; re-exported: nothing to do.',
          function: 'EscalateMaintenanceFunction',
          payload: jsonata("{'importId': $states.input.importId, 'correlationId': $states.input.correlationId}"),
          output: jsonata('$states.result.Payload'),
          then: END,
        }),
      ],
    ],
  );
