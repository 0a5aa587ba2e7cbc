/** The account and region the local cloud pretends to be, and the ARNs it hands out. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = process.env.AWS_REGION ?? 'us-east-1';
export const LOCAL_PARTITION = 'aws';

export const localArn = (service: string, resource: string) =>
  `arn:${LOCAL_PARTITION}:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;

export const lambdaArn = (name: string) => localArn('lambda', `function:${name}`);
export const stateMachineArn = (name: string) => localArn('states', `stateMachine:${name}`);
export const executionArn = (stateMachine: string, execution: string) =>
  localArn('states', `execution:${stateMachine}:${execution}`);
export const expressExecutionArn = (stateMachine: string, execution: string, id: string) =>
  localArn('states', `express:${stateMachine}:${execution}:${id}`);
export const activityArn = (name: string) => localArn('states', `activity:${name}`);
export const topicArn = (name: string) => localArn('sns', name);
export const tableArn = (name: string) => localArn('dynamodb', `table/${name}`);
