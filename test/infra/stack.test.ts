import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routeKey } from '#infra/constructs/http-api.ts';
import { subscriptionKey } from '#infra/constructs/messaging.ts';
import type { ManifestSection } from '#infra/constructs/manifest-metadata.ts';
import { functionEnvironment, type ResourceValues } from '#infra/function-environment.ts';
import { manifest } from '#infra/manifest.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { byManifestEntry, logicalIdOf, resourcesOfType, stateMachineArnSuffix, synthesize } from './template.ts';

/** Every manifest entry has its resource, and no resource of those kinds exists without an entry. */
const sections: Array<[ManifestSection, string, (m: Manifest) => string[]]> = [
  ['functions', 'AWS::Lambda::Function', (m) => Object.keys(m.functions)],
  ['routes', 'AWS::ApiGatewayV2::Route', (m) => m.routes.map(routeKey)],
  ['tables', 'AWS::DynamoDB::Table', (m) => Object.keys(m.tables)],
  ['topics', 'AWS::SNS::Topic', (m) => Object.keys(m.topics)],
  [
    'subscriptions',
    'AWS::SNS::Subscription',
    (m) => Object.entries(m.topics).flatMap(([t, spec]) => spec.subscriptions.map((s) => subscriptionKey(t, s.function))),
  ],
  ['stateMachines', 'AWS::StepFunctions::StateMachine', (m) => Object.keys(m.stateMachines)],
  ['scheduleGroups', 'AWS::Scheduler::ScheduleGroup', (m) => Object.keys(m.scheduleGroups)],
  ['recurring', 'AWS::Scheduler::Schedule', (m) => Object.keys(m.recurring ?? {})],
];

describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('the stack built from %s', (_, m) => {
  const { template } = synthesize(m);
  const id = (type: string, section: ManifestSection, key: string) => logicalIdOf(template, type, section, key);

  it.each(sections)('holds one resource per manifest %s entry and nothing else', (section, type, keys) => {
    const found = byManifestEntry(template, type, section);
    // The one function that is CDK's own: BucketDeployment's handler, which uploads the web
    // console's files (infra/constructs/console-hosting.ts); no manifest entry describes it.
    const unlisted = (found.get(undefined) ?? []).filter((logicalId) => !logicalId.startsWith('CustomCDKBucketDeployment'));
    if (unlisted.length > 0) found.set(undefined, unlisted);
    else found.delete(undefined);
    expect([...found.keys()].sort()).toEqual([...keys(m)].sort());
    for (const key of keys(m)) expect(found.get(key), `${section}/${key}`).toHaveLength(1);
  });

  it('builds every function with the shared defaults', () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      const fn = resourcesOfType(template, 'AWS::Lambda::Function')[id('AWS::Lambda::Function', 'functions', name)]!;
      const logGroup = (fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resourcesOfType(template, 'AWS::Logs::LogGroup')[logGroup]?.Properties?.RetentionInDays).toBeGreaterThan(0);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: spec.description,
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb ?? 512,
        Timeout: spec.timeoutSeconds ?? 10,
        LoggingConfig: { LogGroup: { Ref: logGroup } },
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: name,
            POWERTOOLS_METRICS_NAMESPACE: m.appName,
            POWERTOOLS_LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    }
    for (const logGroup of Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties?.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('gives each function the environment of exactly the resources it is granted', () => {
    const schedulerRoleOf = (group: string) =>
      Object.entries(resourcesOfType(template, 'AWS::IAM::Role')).find(([, r]) =>
        String(r.Properties?.Description).endsWith(`in the ${group} schedule group`),
      )?.[0];
    const expected: ResourceValues = {
      tableName: (t) => ({ Ref: id('AWS::DynamoDB::Table', 'tables', t) }) as never,
      topicArn: (t) => ({ Ref: id('AWS::SNS::Topic', 'topics', t) }) as never,
      stateMachineArn: (sm) => Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([stateMachineArnSuffix(sm)])] }) as never,
      scheduleGroupName: (g) =>
        resourcesOfType(template, 'AWS::Scheduler::ScheduleGroup')[id('AWS::Scheduler::ScheduleGroup', 'scheduleGroups', g)]!
          .Properties?.Name as never,
      scheduleRoleArn: (g) => ({ 'Fn::GetAtt': [schedulerRoleOf(g), 'Arn'] }) as never,
      tokenIssuer: () => ({
        issuer: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiUsers'), 'ProviderURL'] } as never,
        audience: { Ref: Match.stringLikeRegexp('^ApiUsersApiClient') } as never,
      }),
      keyArn: (k) => ({ 'Fn::GetAtt': [id('AWS::KMS::Key', 'keys', k), 'Arn'] }) as never,
    };
    for (const name of Object.keys(m.functions)) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectEquals({
            POWERTOOLS_SERVICE_NAME: name,
            POWERTOOLS_METRICS_NAMESPACE: m.appName,
            POWERTOOLS_LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
            ...functionEnvironment(m, name, expected),
          }),
        },
      });
    }
  });

  it('makes every table on-demand, recoverable, protected and encrypted with the customer key, with its GSIs and TTL', () => {
    for (const [name, spec] of Object.entries(m.tables)) {
      const keySchema = (k: { partitionKey: string; sortKey?: string }) => [
        { AttributeName: k.partitionKey, KeyType: 'HASH' },
        ...(k.sortKey ? [{ AttributeName: k.sortKey, KeyType: 'RANGE' }] : []),
      ];
      const table = resourcesOfType(template, 'AWS::DynamoDB::Table')[id('AWS::DynamoDB::Table', 'tables', name)]!;
      expect(table.Properties).toMatchObject({
        KeySchema: keySchema(spec),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } },
      });
      const indexes = (table.Properties?.GlobalSecondaryIndexes ?? []) as Array<{ IndexName: string; KeySchema: unknown }>;
      expect(indexes.map((i) => [i.IndexName, i.KeySchema])).toEqual(spec.globalSecondaryIndexes.map((i) => [i.name, keySchema(i)]));
      expect(table.Properties?.TimeToLiveSpecification).toEqual(
        spec.timeToLiveAttribute ? { AttributeName: spec.timeToLiveAttribute, Enabled: true } : undefined,
      );
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('encrypts every topic with KMS, requires TLS, and gives every subscription its filter and an encrypted dead-letter queue', () => {
    for (const [topic, spec] of Object.entries(m.topics)) {
      const topicId = id('AWS::SNS::Topic', 'topics', topic);
      expect(resourcesOfType(template, 'AWS::SNS::Topic')[topicId]?.Properties?.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^MessagingKey/), 'Arn'],
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      for (const sub of spec.subscriptions) {
        const subscription = resourcesOfType(template, 'AWS::SNS::Subscription')[
          id('AWS::SNS::Subscription', 'subscriptions', subscriptionKey(topic, sub.function))
        ]!;
        expect(subscription.Properties).toMatchObject({
          Protocol: 'lambda',
          TopicArn: { Ref: topicId },
          Endpoint: { 'Fn::GetAtt': [id('AWS::Lambda::Function', 'functions', sub.function), 'Arn'] },
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
        });
        expect(subscription.Properties?.FilterPolicy).toEqual(sub.filterPolicy);
        const queueId = (subscription.Properties?.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string] } })
          .deadLetterTargetArn['Fn::GetAtt'][0];
        expect(resourcesOfType(template, 'AWS::SQS::Queue')[queueId]?.Properties?.KmsMasterKeyId).toBeDefined();
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queueId }],
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
          },
        });
      }
    }
  });

  it('routes each manifest route to its function, behind the Cognito JWT authorizer unless public', () => {
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration');
    for (const route of m.routes) {
      const cfn = resourcesOfType(template, 'AWS::ApiGatewayV2::Route')[id('AWS::ApiGatewayV2::Route', 'routes', routeKey(route))]!;
      expect(cfn.Properties?.RouteKey).toBe(routeKey(route));
      expect(cfn.Properties?.AuthorizationType).toBe(route.auth === 'public' ? 'NONE' : 'JWT');
      const target = JSON.stringify(cfn.Properties?.Target);
      const integrationId = Object.keys(integrations).find((i) => target.includes(`"${i}"`));
      expect(integrations[integrationId!]?.Properties?.IntegrationUri).toEqual({
        'Fn::GetAtt': [id('AWS::Lambda::Function', 'functions', route.function), 'Arn'],
      });
    }
    // The authorizer exists once a route uses it (a manifest with only public routes has none).
    if (m.routes.some((r) => r.auth === 'jwt')) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        JwtConfiguration: {
          Audience: [{ Ref: Match.stringLikeRegexp('^ApiUsersApiClient') }],
          Issuer: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiUsers'), 'ProviderURL'] },
        },
      });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('carries bureau, role and enterprise as custom attributes that only administrators can write', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Schema: Match.arrayWith(
        ['bureau', 'role', 'enterprise'].map((name) => Match.objectLike({ Name: name, AttributeDataType: 'String', Mutable: true })),
      ),
    });
    const client = Object.values(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'))[0]!;
    expect(client.Properties?.ReadAttributes).toEqual(expect.arrayContaining(['custom:bureau', 'custom:role', 'custom:enterprise']));
    expect(JSON.stringify(client.Properties?.WriteAttributes)).not.toContain('custom:');
  });

  it('deploys every workflow as a Standard state machine from its ASL file, logged at ERROR without data, traced and alarmed', () => {
    for (const [name, spec] of Object.entries(m.stateMachines)) {
      const smId = id('AWS::StepFunctions::StateMachine', 'stateMachines', name);
      const sm = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[smId]!;
      expect(sm.Properties).toMatchObject({
        StateMachineName: `Test-${name}`,
        StateMachineType: 'STANDARD',
        DefinitionS3Location: expect.any(Object),
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
      });
      expect(Object.keys(sm.Properties?.DefinitionSubstitutions as object).sort()).toEqual(Object.keys(spec.substitutions).sort());
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted', 'ExecutionThrottled']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/States',
          MetricName: metric,
          Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: smId } }],
          Threshold: 1,
        });
      }
    }
  });

  it('has a dashboard', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Test-operations' });
  });
});
