import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { manifest } from '#infra/manifest.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { leastPrivilegeViolations } from './least-privilege.ts';
import {
  applicationTemplate,
  asArray,
  buildStack,
  logicalIdOf,
  roleOfFunction,
  stateMachineArnSuffix,
  synthesize,
  tamperedTemplate,
  type CfnResource,
  type Statement,
} from './template.ts';

const stateMachineArn = (name: string) => Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([stateMachineArnSuffix(name)])] });

describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('least privilege, built from %s', (_, m) => {
  const { template } = synthesize(m);

  it('gives every principal exactly the rights its manifest entry or definition implies', () => {
    expect(leastPrivilegeViolations(template, m)).toEqual([]);
  });

  it('grants each StartExecution the manifest asks for, on the named state machine', () => {
    for (const [fn, spec] of Object.entries(m.functions)) {
      for (const grant of spec.grants) {
        if (!('stateMachine' in grant) || !grant.actions.includes('start')) continue;
        template.hasResourceProperties('AWS::IAM::Policy', {
          Roles: [{ Ref: roleOfFunction(template, fn) }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn(grant.stateMachine) }),
            ]),
          },
        });
      }
    }
  });
});

describe('least privilege on the fixture (rules that the real manifest will need)', () => {
  const { stack, template } = synthesize(fixtureManifest);
  const policyOf = (fn: string) => ({ Roles: [{ Ref: roleOfFunction(template, fn) }] });

  it('lets only the filing function start the lifecycle workflow', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      ...policyOf('fileConsignment'),
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'states:StartExecution', Resource: stateMachineArn('Lifecycle') })]),
      },
    });
    for (const fn of Object.keys(fixtureManifest.functions).filter((f) => f !== 'fileConsignment')) {
      expect(JSON.stringify(template.findResources('AWS::IAM::Policy', policyOf(fn))), fn).not.toContain('states:StartExecution');
    }
  });

  it('lets only the task-completing function send task success, on the waiting workflow only; nobody sends failures or heartbeats', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      ...policyOf('decidePortCheck'),
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'states:SendTaskSuccess', Resource: stateMachineArn('Lifecycle') })]),
      },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies.match(/states:SendTaskSuccess/g)).toHaveLength(1);
    expect(policies).not.toMatch(/states:SendTaskFailure|states:SendTaskHeartbeat|states:ListExecutions/);
  });

  it('grants exact DynamoDB actions: no Scan, BatchWriteItem or DescribeTable anywhere, DeleteItem only on the idempotency table', () => {
    const tableArn = (t: string) => ({ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::DynamoDB::Table', 'tables', t), 'Arn'] });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toMatch(/dynamodb:(Scan|BatchWriteItem|DescribeTable|GetRecords|GetShardIterator)/);
    template.hasResourceProperties('AWS::IAM::Policy', {
      ...policyOf('fileConsignment'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: [
              'dynamodb:GetItem',
              'dynamodb:BatchGetItem',
              'dynamodb:Query',
              'dynamodb:ConditionCheckItem',
              'dynamodb:PutItem',
              'dynamodb:UpdateItem',
              'dynamodb:DeleteItem',
            ],
            Resource: [tableArn('Idempotency')],
          },
        ]),
      },
    });
    // A write-only function gets no read, and its key grant lets it encrypt.
    template.hasResourceProperties('AWS::IAM::Policy', {
      ...policyOf('bureauInbox'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'] }),
          Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt']), Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] } }),
        ]),
      },
    });
  });

  it('lets the webhook function subscribe over HTTPS only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      ...policyOf('registerWebhook'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'sns:Subscribe',
            Resource: { Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'topics', 'Notifications') },
            Condition: { StringEquals: { 'sns:Protocol': 'https' } },
          },
        ]),
      },
    });
  });

  it('lets SNS use the queue key only for the manifest topics of this account', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnEquals: { 'aws:SourceArn': [{ Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'topics', 'Notifications') }] },
            },
          }),
        ]),
      },
    });
  });

  it('lets the Scheduler role start the train-run workflow and do nothing else', () => {
    const role = stack.schedules.role('TrainRuns');
    const roleId = stack.getLogicalId(role.node.defaultChild as never);
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('TrainRuns'),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: Match.anyValue() })],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn('TrainRun') }],
      },
    });
  });

  it('gives the lifecycle role exactly what its ASL calls: invoke one step, publish one topic, update one table', () => {
    const roleArn = template.findResources('AWS::StepFunctions::StateMachine', {
      Metadata: { Manifest: 'stateMachines/Lifecycle' },
    });
    const roleId = (Object.values(roleArn)[0]!.Properties.RoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const fnArn = { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::Lambda::Function', 'functions', 'awaitDecision'), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: Match.arrayWith([fnArn]) }),
          Match.objectLike({ Action: 'sns:Publish', Resource: { Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'topics', 'Notifications') } }),
          Match.objectLike({
            Action: 'dynamodb:UpdateItem',
            Resource: Match.arrayWith([{ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::DynamoDB::Table', 'tables', 'Domain'), 'Arn'] }]),
          }),
        ]),
      },
    });
  });

  it('reports a right that no manifest entry grants (the checker can fail)', () => {
    const tampered = buildStack(fixtureManifest);
    const lifecycleArn = tampered.stack.workflows.reference('Lifecycle').stateMachineArn;
    tampered.stack.functions.dispatchTrain!.role.addToPolicy(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: [lifecycleArn] }),
    );
    tampered.stack.functions.bureauInbox!.role.addToPolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem', 'states:SendTaskSuccess'], resources: ['*'] }),
    );
    const violations = leastPrivilegeViolations(applicationTemplate(tampered.stack), fixtureManifest);
    expect(violations).toEqual(
      expect.arrayContaining([
        "function 'dispatchTrain' may states:StartExecution on [stateMachine:Lifecycle], expected []",
        'function \'bureauInbox\' has "*" as the resource of dynamodb:GetItem, states:SendTaskSuccess',
        "function 'bureauInbox' may states:SendTaskSuccess on [*], expected []",
        "function 'bureauInbox' may dynamodb:GetItem on [*], expected []",
      ]),
    );
  });

  it("reports CDK's wide table grants: Scan, BatchWriteItem, DeleteItem, DescribeTable, and a read-only function that may encrypt", () => {
    const tampered = buildStack(fixtureManifest);
    tampered.stack.data.table('Domain').grantReadWriteData(tampered.stack.functions.decidePortCheck!.role);
    const violations = leastPrivilegeViolations(applicationTemplate(tampered.stack), fixtureManifest);
    for (const action of ['Scan', 'BatchWriteItem', 'DeleteItem', 'DescribeTable', 'PutItem', 'UpdateItem']) {
      expect(violations).toContain(`function 'decidePortCheck' may dynamodb:${action} on [table:Domain], expected []`);
    }
    expect(violations).toContain("function 'decidePortCheck' may kms:Encrypt on [key:data], expected []");
  });

  it('reports a missing action as well as an extra one: the idempotency store without DeleteItem', () => {
    const roleId = roleOfFunction(template, 'fileConsignment');
    const idempotencyArn = JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::DynamoDB::Table', 'tables', 'Idempotency'), 'Arn'] });
    const tampered = tamperedTemplate(template, (resources) => {
      for (const statement of statementsOf(resources, roleId)) {
        if (JSON.stringify(statement.Resource).includes(idempotencyArn)) {
          statement.Action = asArray(statement.Action).filter((a) => a !== 'dynamodb:DeleteItem');
        }
      }
    });
    expect(leastPrivilegeViolations(tampered, fixtureManifest)).toEqual([
      "function 'fileConsignment' may dynamodb:DeleteItem on [], expected [table:Idempotency]",
    ]);
  });

  it('reports ListExecutions for a function that only reads executions, and task failures or heartbeats', () => {
    const tampered = buildStack(fixtureManifest);
    const lifecycle = tampered.stack.workflows.reference('Lifecycle');
    lifecycle.grant(tampered.stack.functions.consignmentStatus!.role, 'states:ListExecutions');
    lifecycle.grantTaskResponse(tampered.stack.functions.decidePortCheck!.role);
    const violations = leastPrivilegeViolations(applicationTemplate(tampered.stack), fixtureManifest);
    expect(violations.sort()).toEqual([
      "function 'consignmentStatus' may states:ListExecutions on [stateMachine:Lifecycle], expected []",
      "function 'decidePortCheck' may states:SendTaskFailure on [stateMachine:Lifecycle], expected []",
      "function 'decidePortCheck' may states:SendTaskHeartbeat on [stateMachine:Lifecycle], expected []",
    ]);
  });

  it('reports a Subscribe without the HTTPS protocol condition', () => {
    const roleId = roleOfFunction(template, 'registerWebhook');
    const tampered = tamperedTemplate(template, (resources) => {
      for (const statement of statementsOf(resources, roleId)) if (statement.Action === 'sns:Subscribe') delete statement.Condition;
    });
    expect(leastPrivilegeViolations(tampered, fixtureManifest)).toEqual([
      'function \'registerWebhook\' may sns:Subscribe under null, expected {"StringEquals":{"sns:Protocol":"https"}}',
    ]);
  });

  it('reports a send to a failure queue by a function that subscribes to nothing', () => {
    const tampered = buildStack(fixtureManifest);
    tampered.stack.messaging.failureQueues.bureauInbox!.grantSendMessages(tampered.stack.functions.health!.role);
    expect(leastPrivilegeViolations(applicationTemplate(tampered.stack), fixtureManifest)).toEqual(
      expect.arrayContaining([
        "function 'health' may sqs:SendMessage on [failureQueue:bureauInbox], expected []",
        "function 'health' may kms:GenerateDataKey* on [key:queues], expected []",
      ]),
    );
  });

  it('reports a key policy that lets a service act for any account or any topic (confused deputy)', () => {
    const tampered = buildStack(fixtureManifest);
    tampered.stack.data.key.grantDecrypt(new ServicePrincipal('sns.amazonaws.com'));
    const violations = leastPrivilegeViolations(applicationTemplate(tampered.stack), fixtureManifest);
    expect(violations.filter((v) => v.startsWith('key '))).toEqual([
      expect.stringMatching(/^key DataKey[A-F0-9]+ lets sns.amazonaws.com act for any account \(no aws:SourceAccount\)$/),
      expect.stringMatching(/^key DataKey[A-F0-9]+ lets sns.amazonaws.com act for \[\], expected the topics/),
    ]);

    const wildcardTopics = tamperedTemplate(template, (resources) => {
      for (const key of Object.values(resources).filter((r) => r.Type === 'AWS::KMS::Key')) {
        for (const s of (key.Properties?.KeyPolicy as { Statement: Array<{ Condition?: { ArnEquals?: Record<string, unknown> } }> }).Statement) {
          if (s.Condition?.ArnEquals) s.Condition.ArnEquals['aws:SourceArn'] = 'arn:aws:sns:*:*:*';
        }
      }
    });
    expect(leastPrivilegeViolations(wildcardTopics, fixtureManifest)).toEqual([
      expect.stringMatching(/^key MessagingQueueKey[A-F0-9]+ lets sns.amazonaws.com act for \["arn:aws:sns:\*:\*:\*"\], expected the topics/),
    ]);
  });
});

/** The Allow statements of a role's policies inside a template JSON, to edit in place. */
function statementsOf(resources: Record<string, CfnResource>, roleId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}
