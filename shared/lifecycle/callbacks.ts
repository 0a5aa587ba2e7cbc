import { InvalidToken, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { stepFunctionsClient } from '../aws/clients.ts';

/**
 * Resumes a workflow waiting on a callback token. A token that expired meanwhile is not an
 * error: the workflow has re-entered the state with a new token, and the step it runs finds the
 * answer already recorded (see openTask and awaitTrainArrival).
 */
export async function answerCallback(taskToken: string, output: unknown): Promise<boolean> {
  try {
    await stepFunctionsClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return true;
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof InvalidToken || error instanceof TaskDoesNotExist) return false;
    throw error;
  }
}
