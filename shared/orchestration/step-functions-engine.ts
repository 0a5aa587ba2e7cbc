import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
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
import { executionArnOf } from './execution-arn.ts';
import type { ExecutionDescription, WorkflowEngine } from './workflow-engine.ts';

const HISTORY_PAGE = 1000;

/** The Step Functions adapter, through the one SDK client of the process. */
export const stepFunctionsEngine: WorkflowEngine = {
  async start(stateMachineArn, name, input) {
    try {
      const started = await stepFunctionsClient().send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return { executionArn: started.executionArn ?? executionArnOf(stateMachineArn, name) };
    } catch (error) {
      // Step Functions accepts a repeat of a running execution with the same input; it refuses one
      // whose execution has finished, or whose input has changed since (a train moved meanwhile).
      // Either way the execution of that name was started, which is all a start asks for.
      if (error instanceof ExecutionAlreadyExists) return { executionArn: executionArnOf(stateMachineArn, name) };
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

  async definition(executionArn) {
    try {
      return (await stepFunctionsClient().send(new DescribeStateMachineForExecutionCommand({ executionArn }))).definition;
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return undefined;
      throw error;
    }
  },
};
