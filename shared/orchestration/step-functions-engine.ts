import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidToken,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { stepFunctionsClient } from '../aws/clients.ts';
import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';
import { executionArnOf } from './execution-arn.ts';
import type { ExecutionDescription, WorkflowEngine, WorkflowName } from './workflow-engine.ts';

const STATE_MACHINE_ENV: Record<WorkflowName, string> = {
  ConsignmentImport: ENV.consignmentImportStateMachineArn,
  ConsignmentExport: ENV.consignmentExportStateMachineArn,
  TrainRun: ENV.trainRunStateMachineArn,
};

const HISTORY_PAGE = 1000;

/** The Step Functions adapter, through the one SDK client of the process. */
export const stepFunctionsEngine: WorkflowEngine = {
  stateMachineArn: (workflow) => requiredEnv(STATE_MACHINE_ENV[workflow]),

  async start(workflow, name, input) {
    const stateMachineArn = this.stateMachineArn(workflow);
    try {
      const started = await stepFunctionsClient().send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return { executionArn: started.executionArn ?? executionArnOf(stateMachineArn, name) };
    } catch (error) {
      // Step Functions answers a repeat with the same input itself; this is a different input.
      if (error instanceof ExecutionAlreadyExists) throw new Error(`execution ${name} of ${workflow} already exists with another input`, { cause: error });
      throw error;
    }
  },

  async answer(taskToken, output) {
    try {
      await stepFunctionsClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return true;
    } catch (error) {
      if (error instanceof TaskTimedOut || error instanceof InvalidToken || error instanceof TaskDoesNotExist) return false;
      throw error;
    }
  },

  async describe(executionArn): Promise<ExecutionDescription | undefined> {
    try {
      const described = await stepFunctionsClient().send(new DescribeExecutionCommand({ executionArn }));
      return {
        executionArn,
        stateMachineArn: described.stateMachineArn ?? '',
        status: described.status ?? 'RUNNING',
        startDate: described.startDate ?? new Date(0),
        ...(described.stopDate && { stopDate: described.stopDate }),
      };
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return undefined;
      throw error;
    }
  },

  async history(executionArn, { includeData }) {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await stepFunctionsClient().send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: HISTORY_PAGE, nextToken, includeExecutionData: includeData }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  },
};
