import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { functionStackId } from '#infra/constructs/function-stacks.ts';
import { manifest } from '#infra/manifest.ts';
import { reviewedFindings } from '#infra/nag/reviewed-wildcards.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { buildStack } from './template.ts';

/** Runs the AwsSolutions pack the way `cdk synth` does, after synthesis has applied the acknowledgements. */
function findings(built: ReturnType<typeof buildStack>): string[] {
  Template.fromStack(built.stack);
  const report = new AwsSolutionsChecks().validateScope(built.app);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('cdk-nag AwsSolutions on the stack built from %s', (_, m) => {
  it('has no unacknowledged finding', () => {
    expect(findings(buildStack(m))).toEqual([]);
  });

  // `cdk synth` pins the region when the CLI knows one (CDK_DEFAULT_REGION, infra/app.ts): then
  // cdk-nag writes it literally in the findings, and the acknowledgements must match that too.
  it('has no unacknowledged finding with the account and region pinned, as `npm run synth` may do', () => {
    expect(findings(buildStack(m, { account: '123456789012', region: 'eu-central-1' }))).toEqual([]);
  });
});

describe('reviewed wildcards', () => {
  it('still reports a wildcard nobody reviewed, even on a role that has reviewed ones', () => {
    const built = buildStack(fixtureManifest);
    built.stack.functions.decidePortCheck!.role.addToPolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }),
    );
    const nestedStack = functionStackId('decidePortCheck', fixtureManifest.functions.decidePortCheck!);
    expect(findings(built)).toEqual([
      `AwsSolutions-IAM5[Resource::*] at Test/${nestedStack}/Function-decidePortCheck/Role/DefaultPolicy/Resource`,
    ]);
  });

  it('judges a reference that crosses into a nested stack by what it carries, and still reports an unreviewed wildcard on it', () => {
    const built = buildStack(fixtureManifest);
    const role = built.stack.functions.decidePortCheck!.role;
    // The table's ARN reaches the function's nested stack as a parameter: `/index/*` on it is
    // reviewed (the table's indexes), `/*` on it is not.
    role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [`${built.stack.data.table('Domain').tableArn}/*`] }));
    expect(findings(built)).toEqual([
      expect.stringMatching(new RegExp(`^AwsSolutions-IAM5\\[Resource::<referencetoTestDataDomain[A-Za-z0-9]+Arn>/\\*\\] at Test/Functions-\\w+-\\d+/Function-decidePortCheck/Role/DefaultPolicy/Resource$`)),
    ]);
  });

  it('acknowledges a finding only when every statement producing it is covered by one review', () => {
    const xray = { Effect: 'Allow', Action: ['xray:PutTraceSegments'], Resource: '*' };
    const s3 = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' };
    expect([...reviewedFindings({ Statement: [xray] }).keys()]).toEqual(['Resource::*']);
    expect([...reviewedFindings({ Statement: [xray, s3] }).keys()]).toEqual([]);
    const mixed = { Effect: 'Allow', Action: ['xray:PutTraceSegments', 's3:GetObject'], Resource: '*' };
    expect([...reviewedFindings({ Statement: [mixed] }).keys()]).toEqual([]);
  });
});
