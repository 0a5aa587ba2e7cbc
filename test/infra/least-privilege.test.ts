import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { manifest } from '#infra/manifest.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { leastPrivilegeViolations } from './least-privilege.ts';
import { buildStack, logicalIdOf, roleOfFunction, stateMachineArnSuffix, synthesize } from './template.ts';

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

  it('lets only the task-completing function send task success or failure, on the waiting workflow only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      ...policyOf('decidePortCheck'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['states:SendTaskSuccess', 'states:SendTaskFailure']),
            Resource: stateMachineArn('Lifecycle'),
          }),
        ]),
      },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies.match(/states:SendTaskSuccess/g)).toHaveLength(1);
    expect(policies.match(/states:SendTaskFailure/g)).toHaveLength(1);
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
    const violations = leastPrivilegeViolations(Template.fromStack(tampered.stack), fixtureManifest);
    expect(violations).toEqual(
      expect.arrayContaining([
        "function 'dispatchTrain' may start [Lifecycle], expected []",
        'function \'bureauInbox\' has "*" as the resource of dynamodb:GetItem, states:SendTaskSuccess',
        "function 'bureauInbox' may states:SendTaskSuccess [unknown resource *], expected []",
      ]),
    );
  });
});
