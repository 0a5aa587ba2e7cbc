import { DescribeExecutionCommand, ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { stepFunctionsClient } from '../aws/clients.ts';
import { notFound } from '../http/api-problem.ts';

const HISTORY_PAGE = 1000;

/** A workflow execution and its full history, in Step Functions' own event shape. */
export async function executionWithHistory(executionArn: string) {
  const sfn = stepFunctionsClient();
  let execution;
  try {
    execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) throw notFound(`execution ${executionArn} does not exist`);
    throw error;
  }
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: HISTORY_PAGE, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return {
    executionArn,
    stateMachineArn: execution.stateMachineArn,
    status: execution.status,
    startDate: execution.startDate,
    ...(execution.stopDate && { stopDate: execution.stopDate }),
    events,
  };
}
