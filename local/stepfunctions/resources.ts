/**
 * Which Task resources the engine runs, parsed from the `Resource` ARN, with the
 * `resourceType`/`resource` pair AWS writes into `TaskScheduled` and friends.
 */
export type IntegrationPattern = 'request' | 'callback' | 'sync' | 'sync2';

export type TaskResource =
  | { kind: 'lambda-function'; arn: string }
  | { kind: 'lambda'; resourceType: 'lambda'; resource: string; pattern: IntegrationPattern }
  | { kind: 'sns'; resourceType: 'sns'; resource: string; pattern: IntegrationPattern }
  | { kind: 'dynamodb'; resourceType: 'dynamodb'; resource: string; action: DynamoDbAction; pattern: 'request' }
  | { kind: 'states'; resourceType: 'states'; resource: string; pattern: IntegrationPattern }
  /** An activity: a callback task whose token and input go to the activity's workers (activities.ts). */
  | { kind: 'activity'; resourceType: 'activity'; resource: string; pattern: 'callback' };

export type DynamoDbAction = 'getItem' | 'putItem' | 'updateItem' | 'deleteItem';

const SERVICE_ARN = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)(?:\.(waitForTaskToken|sync:2|sync))?$/;
const ACTIVITY_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[^\s:]{1,80}$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?$/;

const patternOf = (suffix: string | undefined): IntegrationPattern =>
  suffix === 'waitForTaskToken' ? 'callback' : suffix === 'sync:2' ? 'sync2' : suffix === 'sync' ? 'sync' : 'request';

/** Returns the parsed resource, or a reason it is not supported. */
export function parseResource(arn: string): TaskResource | string {
  if (LAMBDA_ARN.test(arn)) return { kind: 'lambda-function', arn };
  if (ACTIVITY_ARN.test(arn)) return { kind: 'activity', resourceType: 'activity', resource: arn, pattern: 'callback' };
  const match = SERVICE_ARN.exec(arn);
  if (!match) return `Resource '${arn}' is not a Lambda function ARN or a supported service integration`;
  const [, service, action, suffix] = match as unknown as [string, string, string, string | undefined];
  const pattern = patternOf(suffix);
  const resource = suffix ? `${action}.${suffix}` : action;
  if (service === 'lambda' && action === 'invoke' && (pattern === 'request' || pattern === 'callback')) {
    return { kind: 'lambda', resourceType: 'lambda', resource, pattern };
  }
  if (service === 'sns' && action === 'publish' && (pattern === 'request' || pattern === 'callback')) {
    return { kind: 'sns', resourceType: 'sns', resource, pattern };
  }
  if (service === 'dynamodb' && ['getItem', 'putItem', 'updateItem', 'deleteItem'].includes(action) && pattern === 'request') {
    return { kind: 'dynamodb', resourceType: 'dynamodb', resource, action: action as DynamoDbAction, pattern: 'request' };
  }
  if (service === 'states' && action === 'startExecution') {
    return { kind: 'states', resourceType: 'states', resource, pattern };
  }
  return `Resource '${arn}' is not supported by the local Step Functions engine (supported: activity ARNs, lambda:invoke[.waitForTaskToken], Lambda function ARNs, sns:publish[.waitForTaskToken], dynamodb:getItem/putItem/updateItem/deleteItem, states:startExecution[.sync|.sync:2|.waitForTaskToken])`;
}
