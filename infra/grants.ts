import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { DataTables } from './constructs/data-tables.ts';
import type { Messaging } from './constructs/messaging.ts';
import type { Schedules } from './constructs/schedules.ts';
import type { Workflows } from './constructs/workflows.ts';
import type { Grant } from './manifest-types.ts';

export interface GrantTargets {
  data: DataTables;
  messaging: Messaging;
  workflows: Workflows;
  schedules: Schedules;
}

/**
 * Turns one manifest grant into CDK `grant*` calls on named resources. This is the only place a
 * function's permissions come from, so the rules the tests check (who may start which workflow,
 * who may complete tasks) are rules about the manifest.
 */
export function applyGrant(grantee: IGrantable, grant: Grant, t: GrantTargets): void {
  if ('table' in grant) {
    const table = t.data.table(grant.table);
    if (grant.access === 'read') table.grantReadData(grantee);
    else if (grant.access === 'write') table.grantWriteData(grantee);
    else table.grantReadWriteData(grantee);
  } else if ('stateMachine' in grant) {
    const stateMachine = t.workflows.reference(grant.stateMachine);
    for (const action of grant.actions) {
      if (action === 'start') stateMachine.grantStartExecution(grantee);
      else if (action === 'stop') stateMachine.grantExecution(grantee, 'states:StopExecution');
      else {
        // Not grantRead(): that adds states:List*/Describe* on "*".
        stateMachine.grant(grantee, 'states:ListExecutions');
        stateMachine.grantExecution(grantee, 'states:DescribeExecution', 'states:GetExecutionHistory');
      }
    }
  } else if ('topic' in grant) {
    const topic = t.messaging.topic(grant.topic);
    if (grant.access === 'publish') topic.grantPublish(grantee);
    else topic.grantSubscribe(grantee);
  } else if ('taskTokens' in grant) {
    // Only workflows that wait for a callback can be answered.
    t.workflows.waitingForTaskTokens().forEach((name) => t.workflows.reference(name).grantTaskResponse(grantee));
  } else if ('scheduleGroup' in grant) {
    t.schedules.grantManage(grant.scheduleGroup, grantee);
  }
  // signingKeys: the issuer and audience arrive as environment variables; reading a public JWKS needs no IAM.
}
