import { Grant as IamGrant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { DataTables } from './constructs/data-tables.ts';
import type { Messaging } from './constructs/messaging.ts';
import type { Schedules } from './constructs/schedules.ts';
import type { SigningKeys } from './constructs/signing-keys.ts';
import type { Workflows } from './constructs/workflows.ts';
import type { Grant, TableAccess } from './manifest-types.ts';

export interface GrantTargets {
  data: DataTables;
  messaging: Messaging;
  workflows: Workflows;
  schedules: Schedules;
  keys: SigningKeys;
}

const READ_ITEMS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE_ITEMS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];
const union = (...lists: string[][]) => [...new Set(lists.flat())];

/**
 * The DynamoDB actions of each access level. Not CDK's grantReadData/grantWriteData: those add
 * Scan, BatchWriteItem, DeleteItem and DescribeTable, which no function calls (lib-dynamodb needs
 * no DescribeTable).
 */
export const TABLE_ACTIONS: Record<TableAccess, readonly string[]> = {
  read: READ_ITEMS,
  write: WRITE_ITEMS,
  readWrite: union(READ_ITEMS, WRITE_ITEMS),
  readWriteDelete: union(READ_ITEMS, WRITE_ITEMS, ['dynamodb:DeleteItem']),
};

/** Task tokens are answered only with SendTaskSuccess (shared/lifecycle); never Failure or Heartbeat. */
export const TASK_TOKEN_ACTIONS = ['states:SendTaskSuccess'] as const;

/** Webhook subscriptions are HTTPS only: the grant itself refuses any other protocol. */
export const SUBSCRIBE_CONDITION = { StringEquals: { 'sns:Protocol': 'https' } };

/**
 * Turns one manifest grant into IAM statements on named resources. This is the only place a
 * function's permissions come from, so the rules the tests check (who may start which workflow,
 * who may complete tasks, which table actions) are rules about the manifest.
 */
export function applyGrant(grantee: IGrantable, grant: Grant, t: GrantTargets): void {
  if ('table' in grant) {
    const table = t.data.table(grant.table);
    // Table.grant covers the table and its indexes, and leaves the key to us.
    table.grant(grantee, ...TABLE_ACTIONS[grant.access]);
    if (grant.access === 'read') table.encryptionKey?.grantDecrypt(grantee);
    else table.encryptionKey?.grantEncryptDecrypt(grantee);
  } else if ('stateMachine' in grant) {
    const stateMachine = t.workflows.reference(grant.stateMachine);
    for (const action of grant.actions) {
      if (action === 'start') stateMachine.grantStartExecution(grantee);
      else if (action === 'stop') stateMachine.grantExecution(grantee, 'states:StopExecution');
      // The definition an execution ran, drawn as its graph by the console.
      else if (action === 'definition') stateMachine.grantExecution(grantee, 'states:DescribeStateMachineForExecution');
      // Not grantRead(): that adds states:List*/Describe* on "*". The handlers read one execution
      // they know the ARN of; nothing lists executions.
      else stateMachine.grantExecution(grantee, 'states:DescribeExecution', 'states:GetExecutionHistory');
    }
  } else if ('topic' in grant) {
    const topic = t.messaging.topic(grant.topic);
    if (grant.access === 'publish') topic.grantPublish(grantee);
    else {
      IamGrant.addToPrincipal({
        grantee,
        actions: ['sns:Subscribe'],
        resourceArns: [topic.topicArn],
        conditions: SUBSCRIBE_CONDITION,
      });
    }
  } else if ('subscriptionFilters' in grant) {
    IamGrant.addToPrincipal({ grantee, actions: ['sns:SetSubscriptionAttributes'], resourceArns: ['*'] });
  } else if ('taskTokens' in grant) {
    // Only workflows that wait for a callback can be answered. Not grantTaskResponse(): that
    // adds SendTaskFailure and SendTaskHeartbeat.
    t.workflows.waitingForTaskTokens().forEach((name) => t.workflows.reference(name).grant(grantee, ...TASK_TOKEN_ACTIONS));
  } else if ('scheduleGroup' in grant) {
    t.schedules.grantManage(grant.scheduleGroup, grantee);
  } else if ('key' in grant) {
    t.keys.grantSign(grant.key, grantee);
  }
  // signingKeys: the issuer and audience arrive as environment variables; reading a public JWKS needs no IAM.
}
