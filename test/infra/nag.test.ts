import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
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
});

describe('reviewed wildcards', () => {
  it('still reports a wildcard nobody reviewed, even on a role that has reviewed ones', () => {
    const built = buildStack(fixtureManifest);
    built.stack.functions.decidePortCheck!.role.addToPolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }),
    );
    expect(findings(built)).toEqual([
      'AwsSolutions-IAM5[Resource::*] at Test/Function-decidePortCheck/Role/DefaultPolicy/Resource',
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
