import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { fixtureManifest } from './fixtures/manifest.ts';
import { asArray, resourcesOfType, synthesize, type CfnResource } from './template.ts';

/**
 * The web console's hosting (infra/constructs/console-hosting.ts), by the properties that make it
 * private, HTTPS-only and hardened; cdk-nag's clean run is test/infra/nag.test.ts.
 */
const { stack, template } = synthesize(fixtureManifest);
const json = template.toJSON() as { Resources: Record<string, CfnResource>; Outputs: Record<string, { Value: unknown }> };
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const distribution = () => json.Resources[logicalId(stack.console.distribution)]!.Properties!.DistributionConfig as Record<string, unknown>;
const headers = () => json.Resources[logicalId(stack.console.headers)]!.Properties!.ResponseHeadersPolicyConfig as Record<string, unknown>;

describe('the console hosting', () => {
  it('keeps the files in a private, versioned, encrypted bucket that logs its access', () => {
    const bucket = json.Resources[logicalId(stack.console.bucket)]!.Properties!;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.BucketEncryption).toBeDefined();
    expect(bucket.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logicalId(stack.console.logBucket) }, LogFilePrefix: 'console-bucket/' });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
  });

  it('refuses plain HTTP to both buckets and lets only this distribution read the files', () => {
    const policies = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy'));
    for (const b of [stack.console.bucket, stack.console.logBucket]) {
      const policy = policies.find((p) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: logicalId(b) }));
      const statements = (policy?.Properties?.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
    const files = policies.find((p) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: logicalId(stack.console.bucket) }))!;
    const reads = (files.Properties?.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(reads[0]!.Condition)).toContain(logicalId(stack.console.distribution));
  });

  it('serves through origin access control (not an identity), HTTPS only, index.html at the root and for every unknown path', () => {
    const config = distribution();
    const origins = config.Origins as Array<Record<string, unknown>>;
    expect(origins).toHaveLength(1);
    expect(origins[0]!.OriginAccessControlId).toMatchObject({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect((origins[0]!.S3OriginConfig as Record<string, unknown>).OriginAccessIdentity).toBe('');
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'https-only', AllowedMethods: ['GET', 'HEAD'], Compress: true });
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.CustomErrorResponses).toEqual(
      [403, 404].map((ErrorCode) => ({ ErrorCode, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 })),
    );
    expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [logicalId(stack.console.logBucket), 'RegionalDomainName'] }, Prefix: 'console-distribution/' });
  });

  it('adds the security headers to every answer: HSTS, a CSP of self and the API, nosniff, no framing, a strict referrer policy', () => {
    const config = distribution();
    expect((config.DefaultCacheBehavior as Record<string, unknown>).ResponseHeadersPolicyId).toEqual({ Ref: logicalId(stack.console.headers) });
    const security = headers().SecurityHeadersConfig as Record<string, Record<string, unknown>>;
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 86400, IncludeSubdomains: true, Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
    const csp = JSON.stringify(security.ContentSecurityPolicy!.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\./);
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
  });

  it('deploys an index.html that names the API, revalidated on every visit', () => {
    const deployments = Object.values(resourcesOfType(template, 'Custom::CDKBucketDeployment'));
    // Synthesis without bundling deploys the page alone (a real synthesis builds the console too).
    expect(deployments).toHaveLength(1);
    const page = deployments[0]!;
    expect(page.Properties).toMatchObject({ DestinationBucketName: { Ref: logicalId(stack.console.bucket) }, Prune: false });
    expect(asArray(page.Properties?.SystemMetadata as unknown)).toContainEqual(expect.objectContaining({ 'cache-control': 'no-cache' }));
    // The API's URL is known only at deployment: a marker the deployment replaces.
    expect(JSON.stringify(page.Properties?.SourceMarkers)).toContain(logicalId(stack.api.api));
  });

  it('gives the API CORS for the console origin, and the hosted UI a domain and the console as callback', () => {
    const api = json.Resources[logicalId(stack.api.api)]!.Properties!;
    expect(api.CorsConfiguration).toMatchObject({
      AllowOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.console.distribution), 'DomainName'] }]] }],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: Match.anyValue(), UserPoolId: { Ref: Match.stringLikeRegexp('Users') } });
    const client = json.Resources[logicalId(stack.api.client)]!.Properties!;
    const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.console.distribution), 'DomainName'] }, '/']] };
    expect(client.CallbackURLs).toEqual([consoleUrl]);
    expect(client.LogoutURLs).toEqual([consoleUrl]);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    // The console reads the ID token from the fragment: the implicit grant, and the sign-in link asks for it.
    expect(client.AllowedOAuthFlows).toEqual(['implicit']);
    expect(JSON.stringify(json.Outputs.ConsoleLoginUrl!.Value)).toMatch(/\/login\?response_type=token&client_id=/);
    expect(client.GenerateSecret).not.toBe(true);
    expect(json.Outputs.ConsoleOrigin!.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.console.distribution), 'DomainName'] }]] });
  });
});
